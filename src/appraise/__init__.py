"""appraise: process appraisals (CMMI/SCAMPI, ISO/IEC 33020, ISO 9001) in the terminal."""

__version__ = "0.1.0"

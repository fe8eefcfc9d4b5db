"""CMMI Appraisal Method (CMMI V2.0/V3.0) — the scheme package (shared/domain/cmmi-appraisal-v3.md)."""

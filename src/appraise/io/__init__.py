"""Evidence and characterization import (CSV), and rating-summary export."""

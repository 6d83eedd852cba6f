"""Disability (UU 8/2016) and the accommodation a survivor needs, for the units that serve her."""

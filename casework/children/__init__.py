"""Children: a guardian or caregiver, child-friendly interviews, the 18th birthday."""

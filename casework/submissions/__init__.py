"""Once-only form submissions: a form sent again after its answer was lost saves nothing twice."""

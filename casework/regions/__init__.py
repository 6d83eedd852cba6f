"""Indonesia's administrative regions (Kemendagri codes and names), shipped as a data file."""

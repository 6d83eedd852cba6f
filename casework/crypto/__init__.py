"""Field-level encryption: the keyring, encrypted model fields and blind indexes."""

"""Transfer of a case to another organisation that holds cases, with the survivor's consent."""

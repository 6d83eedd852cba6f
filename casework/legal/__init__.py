"""The legal process and protection of a case: police report to verdict, restitution,
protection orders, LPSK and legal aid (UU TPKS art. 30-47)."""

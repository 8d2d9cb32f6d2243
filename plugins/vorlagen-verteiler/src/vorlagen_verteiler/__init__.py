"""vorlagen-verteiler: who received a paper or concept, and where it was presented."""

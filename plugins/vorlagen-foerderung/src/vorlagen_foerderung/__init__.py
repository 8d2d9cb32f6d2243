"""vorlagen-foerderung: funding applications (Förderanträge) in running text and tables."""

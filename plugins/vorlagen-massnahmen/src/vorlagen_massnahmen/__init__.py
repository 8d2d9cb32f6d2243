"""vorlagen-massnahmen: a measure list (Maßnahmenliste) as figures, plans and overviews."""

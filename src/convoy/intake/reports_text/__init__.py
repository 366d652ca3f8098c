"""Open-source reports (pasted text, .txt, .html, .pdf) read into draft proposals."""

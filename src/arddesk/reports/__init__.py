"""Printed and exported documents: PDF letters and statements, Excel and CSV tables."""

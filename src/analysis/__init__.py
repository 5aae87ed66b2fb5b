"""Analysis of Uijeongbu Smart New Deal."""

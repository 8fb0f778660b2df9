"""The bundled offline replay of German news: a corpus of fictional outlets and a server for it."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm for fuzzy matching of quotes and names, unaccent for accent-blind search."""

    dependencies = [("stories", "0001_initial")]

    operations = [TrigramExtension(), UnaccentExtension()]

"""Slugs for rows made from a name alone (imports, the quote extractor)."""

from django.utils.text import slugify


def free_slug(queryset, name, fallback):
    """The first slug made from name (name, name-2, name-3...) that no row of queryset has."""
    base = slugify(name)[:190] or fallback
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug

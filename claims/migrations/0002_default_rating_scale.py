from django.db import migrations

# The newsroom's starting scale: six ordered levels on a numeric truth scale, and one verdict
# outside it. Editors can reword or extend it in the admin; the methodology page reads it from here.
DEFAULT_SCALE = [
    ("True", "true", 6, "The statement is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 5, "The statement is accurate but needs clarification or additional information."),
    (
        "Half true",
        "half-true",
        4,
        "The statement is partially accurate but leaves out important details or takes things out of context.",
    ),
    (
        "Mostly false",
        "mostly-false",
        3,
        "The statement contains an element of truth but ignores critical facts that would give a different impression.",
    ),
    ("False", "false", 2, "The statement is not accurate."),
    ("Pants on fire", "pants-on-fire", 1, "The statement is not accurate and makes a ridiculous claim."),
    (
        "Unproven",
        "unproven",
        None,
        "The evidence available does not allow a verdict either way. The claim may be "
        "rated later when evidence appears.",
    ),
]


def add_scale(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    if Rating.objects.exists():
        return
    for position, (name, slug, value, description) in enumerate(DEFAULT_SCALE, start=1):
        Rating.objects.create(name=name, slug=slug, value=value, description=description, position=position)


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(add_scale, migrations.RunPython.noop)]

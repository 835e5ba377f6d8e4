import sys

from django.core.management.base import BaseCommand, CommandError

from claims import exports


class Command(BaseCommand):
    help = (
        "Export quotes or claims as CSV (README, 'CSV exports'), every status unless --public, filtered with "
        "the public lists' filters. Writes to standard output unless --output is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(exports.KINDS))
        parser.add_argument("--output", "-o", help="The file to write.")
        parser.add_argument("--no-bom", action="store_true", help="Leave out the UTF-8 byte-order mark.")
        parser.add_argument("--public", action="store_true", help="Only what the public site shows.")
        filters = {}
        for _, filterset_class, _ in exports.KINDS.values():
            for name, filter_ in filterset_class.base_filters.items():
                filters.setdefault(name, filter_.label)
        for name, label in sorted(filters.items()):
            parser.add_argument(f"--{name.replace('_', '-')}", dest=f"filter_{name}", metavar="VALUE", help=label)

    def handle(self, *args, kind, output, no_bom, public, **options):
        filters = {name[7:]: value for name, value in options.items() if name.startswith("filter_") and value}
        known = exports.KINDS[kind][1].base_filters
        if unknown := sorted(set(filters) - set(known)):
            raise CommandError(f"{kind} cannot be filtered by {', '.join(unknown)}.")
        try:
            csv, name = exports.export(kind, filters, public=public, bom=not no_bom)
        except exports.InvalidFilters as error:
            raise CommandError(f"Some filters are not valid: {error}") from None
        try:
            target = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from None
        written = 0
        try:
            for chunk in csv.chunks():
                target.write(chunk)
                written += len(chunk)
        finally:
            if output:
                target.close()
        if output:
            self.stderr.write(f"Wrote {written:,} bytes to {output} (suggested name: {name}).")

from claims.models import Claim, Rating


def corrected_demo_claim():
    """The demo's gang-takedowns fact check, with a verdict correction (made once) for the pages that show one."""
    claim = Claim.objects.get(text__contains="gang takedowns")
    if not claim.corrections.exists():
        claim.rating = Rating.objects.exclude(pk=claim.rating_id).first()
        claim.correct("We first counted the gang takedowns from the mayor's remarks; the department's count differs.")
    return claim

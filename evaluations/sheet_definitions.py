"""Turn scoring-sheet and scorecard rows into the plain types of `evaluations.scoring`."""

from django.db.models import Prefetch

from evaluations.models import Option, Scorecard, ScoringSheet
from evaluations.scoring import (
    CriterionDef,
    Knockout,
    MemberChoices,
    OptionDef,
    SheetDef,
)


def sheet_definition(sheet: ScoringSheet) -> SheetDef:
    """The sheet's criteria and options, in sheet order.

    Two queries (criteria, options), plus one for the regulation unless the caller loaded the
    sheet with `select_related("regulation")`.
    """
    criteria = sheet.criteria.order_by("position", "id").prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("position", "id"))
    )
    return SheetDef(
        criteria=tuple(
            CriterionDef(
                id=criterion.id,
                code=criterion.code,
                max_points=criterion.max_points,
                options=tuple(
                    OptionDef(id=o.id, points=o.points, min_star=o.min_star, group=o.alternative_group)
                    for o in criterion.options.all()
                ),
                applies_if=criterion.applies_if_id,
                knockout_rule=criterion.knockout_rule,
                knockout_if_zero=criterion.knockout_if_zero,
            )
            for criterion in criteria
        ),
        has_star_markers=sheet.regulation.has_star_markers,
    )


def member_choices_from_scorecard(scorecard: Scorecard) -> MemberChoices:
    """The member's choices (criterion id -> option id) and the knock-out the member flagged, if any;
    uses `prefetch_related("choices")` and `select_related("knockout_criterion")` when given (a card
    without a knock-out costs no query for it)."""
    knockout = None
    if scorecard.knockout_criterion_id:
        knockout = Knockout(criterion_code=scorecard.knockout_criterion.code, reason=scorecard.knockout_reason)
    return MemberChoices(
        member_id=scorecard.member_id,
        choices={choice.criterion_id: choice.option_id for choice in scorecard.choices.all()},
        knockout=knockout,
    )


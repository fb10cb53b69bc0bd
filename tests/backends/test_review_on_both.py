"""The dashboard's agenda from each store's memo (`Portfolio.review`): a data folder keeps it
for each shard in `cache/`, a team database in coach_memo. Either way the dashboard shows what
working every client out shows, reads no client's facts to show it, and keeps the view of a
client that did not change."""

from __future__ import annotations

from typing import Any

import pytest
from pgkit import OVER_BOTH

from coach_tui.services import ClientView, Coach

globals().update(OVER_BOTH)  # coach and store: each backend's


def shown(view: ClientView) -> tuple[Any, ...]:
    return (
        view.client,
        view.cadence,
        view.consistency,
        view.failing,
        view.weakest_score,
        view.weakest_evidence,
        view.counts,
        view.untold,
        view.late_steps,
        view.people,
        view.plan,
        view.premises,
    )


def test_the_review_shows_what_working_everything_out_shows(demo_coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = demo_coach.portfolio.agenda()
    for view in expected.views:
        view.scores  # noqa: B018
    agenda, _head = demo_coach.portfolio.review()  # made

    def refused(client_id: str) -> object:
        raise AssertionError(f"the review read the entry of {client_id}")

    monkeypatch.setattr(demo_coach.repo, "entry", refused)
    assert agenda.to_json() == expected.to_json()
    assert [shown(v) for v in agenda.views] == [shown(v) for v in expected.views]
    again, _head = demo_coach.portfolio.review()  # read back
    assert [shown(v) for v in again.views] == [shown(v) for v in expected.views]
    assert all(a is b for a, b in zip(again.views, agenda.views, strict=True))  # kept


def test_a_logged_delivery_changes_its_clients_view_alone(demo_coach: Coach) -> None:
    first, _head = demo_coach.portfolio.review()
    view = first.overdue[0]
    demo_coach.deliveries.log(view.client.id, "Quarterly review pack", told=True)
    second, _head = demo_coach.portfolio.review()
    now = {v.client.id: v for v in second.views}
    assert now[view.client.id] is not view and now[view.client.id].cadence.status != "overdue"
    assert all(now[v.client.id] is v for v in first.views if v.client.id != view.client.id)
    expected = demo_coach.portfolio.agenda()
    assert second.to_json() == expected.to_json()


def test_the_head_is_the_index_without_its_clients(demo_coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the board's tip, the settings and the week's commitment read: the weekly entries
    and the settings as `read` gives them, without reading any client's entry."""
    whole = demo_coach.repo.read()
    assert whole.tips_shown and whole.commitments and whole.entries  # the demo has them
    if hasattr(demo_coach.repo, "_shard_entries"):

        def refused(*_args: object, **_kw: object) -> object:
            raise AssertionError("the head read a shard")

        monkeypatch.setattr(demo_coach.repo, "_shard_entries", refused)
    head = demo_coach.repo.head()
    assert head == whole._replace(entries=[])
    assert demo_coach.settings.get() == whole.settings
    assert demo_coach.boards.tips_shown(demo_coach.repo.change_token()) == whole.tips_shown

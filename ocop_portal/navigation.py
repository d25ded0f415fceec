"""Template context shared by every page: the role-aware navigation.

Top-floor composition: it asks each app what the user holds there (territory roles in the core,
producer memberships in producers, council seats in evaluations) and shows the pages for them."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from evaluations.selectors import holds_a_seat
from ocop_portal.core import access
from ocop_portal.core.models import UNIT_ROLES, Role
from producers.selectors import is_producer_user

# Audiences a navigation entry can be shown to. A user belongs to several at once: a provincial
# officer who sits on a council sees both the provincial pages and "my sessions".
ANONYMOUS = "anonymous"
STAFF = "staff"  # Django's is_staff: may open the admin
PROVINCIAL = "provincial"  # provincial staff or superuser


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Promise
    audiences: frozenset


# Every page the header may link to, in display order. An entry is shown only when its URL name
# resolves, so pages still to be built appear as soon as their app registers a URL under the name
# below — never as a dead `#` link. Keep names in sync with the apps' urls.py.
NAV_ITEMS = (
    NavItem("home", _("Trang chủ"), frozenset({"*"})),
    NavItem("producer-home", _("Sản phẩm của tôi"), frozenset({Role.PRODUCER})),
    NavItem("evaluations:precheck-queue", _("Hồ sơ địa bàn"), frozenset({Role.LOCAL_OFFICER})),
    NavItem("producers:pending", _("Chủ thể chờ xác nhận"), frozenset({Role.LOCAL_OFFICER})),
    NavItem("evaluations:round-list", _("Đợt đánh giá"), frozenset({PROVINCIAL})),
    NavItem("evaluations:intake", _("Tiếp nhận hồ sơ"), frozenset({PROVINCIAL})),
    NavItem("evaluations:council-list", _("Hội đồng"), frozenset({PROVINCIAL})),
    NavItem("evaluations:session-list", _("Phiên chấm điểm"), frozenset({Role.COUNCIL_MEMBER})),
    NavItem("rewards:payout-list", _("Khen thưởng"), frozenset({PROVINCIAL, Role.APPROVER, Role.FINANCE})),
    NavItem("dashboard:overview", _("Thống kê"), frozenset({PROVINCIAL, Role.LOCAL_OFFICER})),
    NavItem("api-tokens", _("Khóa API"), frozenset({PROVINCIAL})),
    NavItem("admin:index", _("Quản trị"), frozenset({STAFF})),
    NavItem("evaluations:certificate-lookup", _("Tra cứu chứng nhận"), frozenset({ANONYMOUS})),
)


def roles_of(user):
    """Every role the user holds, in the order of `Role`: territory roles from the core, producer
    user from a membership, council member from a seat."""
    if not access.is_authenticated(user):
        return []
    held = {a.role for a in access.assignments(user) if a.role in UNIT_ROLES}
    if is_producer_user(user):
        held.add(Role.PRODUCER)
    if holds_a_seat(user):
        held.add(Role.COUNCIL_MEMBER)
    return [role for role in Role if role in held]


def audiences_for(user):
    """The audiences `user` belongs to; "*" (everyone) is always included."""
    if user is None or not user.is_authenticated:
        return {"*", ANONYMOUS}
    audiences = {"*", *roles_of(user)}
    if user.is_superuser or Role.PROVINCIAL_STAFF in audiences:
        audiences.add(PROVINCIAL)
    if user.is_staff:
        audiences.add(STAFF)
    return audiences


def url_or_none(url_name):
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def nav_links(user, current_path="/"):
    """Resolved links for `user`, each {"url", "label", "current"}; unbuilt pages are skipped."""
    audiences = audiences_for(user)
    links = []
    for item in NAV_ITEMS:
        if not item.audiences & audiences:
            continue
        url = url_or_none(item.url_name)
        if url is None:
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        links.append({"url": url, "label": item.label, "current": current, "name": item.url_name})
    return links


def navigation(request):
    """Role-aware navigation entries for the base template."""
    user = getattr(request, "user", None)
    roles = roles_of(user)
    return {
        "user_roles": roles,
        "user_role_label": ", ".join(str(role.label) for role in roles),
        "user_units": [a.unit for a in access.assignments(user)],
        "Role": Role,
        "nav_links": nav_links(user, request.path),
        "api_docs_url": url_or_none("api-docs"),
        "certificate_lookup_url": url_or_none("evaluations:certificate-lookup"),
    }

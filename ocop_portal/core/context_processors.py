from .models import Role


def navigation(request):
    """Role-aware navigation entries for the base template."""
    user = getattr(request, "user", None)
    return {"user_role": getattr(user, "role", "") if user and user.is_authenticated else "", "Role": Role}

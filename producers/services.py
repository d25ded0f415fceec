"""Writes for producers, their people and products. Every page, API view, command and other
app goes through these."""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core import access
from ocop_portal.core.models import Role
from ocop_portal.core.state import audit

from . import selectors, tokens
from .models import Producer, ProducerMembership, Product, ProductSet, TrainingRecord


@transaction.atomic
def producer_create(*, kind, name, registration_number, unit, address, representative_name, representative_gender,
                    representative_ethnicity="Kinh", representative_disabled=False, representative_title="",
                    representative_address="", founded_on=None, phone="", email="", owners=(), actor=None):
    """Validate and create a producer (registration number checked against its kind); `owners`
    become its owner users. A new producer is unconfirmed until the local office confirms it."""
    producer = Producer(
        kind=kind, name=name, registration_number=registration_number.strip().upper(), unit=unit, address=address,
        representative_name=representative_name, representative_gender=representative_gender,
        representative_ethnicity=representative_ethnicity, representative_disabled=representative_disabled,
        representative_title=representative_title, representative_address=representative_address, founded_on=founded_on,
        phone=phone, email=email,
    )
    _check_founded_on(founded_on)
    producer.full_clean()
    producer.save()
    for user in owners:
        membership_add(producer=producer, user=user, is_owner=True, actor=actor)
    return producer


@transaction.atomic
def producer_register_by_office(*, actor, unit, **fields):
    """A local office (or the province's staff) registers a producer of its territory on the
    producer's behalf: created through `producer_create` and confirmed at once by the office that
    registered it. Refused for a unit outside the actor's territory."""
    if unit is None or not access.covers(actor, unit, (Role.LOCAL_OFFICER, Role.PROVINCIAL_STAFF)):
        raise ValidationError({"unit": _("Địa bàn này không thuộc địa bàn bạn phụ trách.")}, code="unit_outside")
    producer = producer_create(unit=unit, actor=actor, **fields)
    audit(producer, action="producer_register", actor=actor, note=producer.registration_number)
    return producer_confirm(producer=producer, actor=actor)


@transaction.atomic
def membership_add(*, producer, user, is_owner=False, actor=None):
    """Let `user` act for `producer` (owner or member). Idempotent; a second call may promote."""
    membership, created = ProducerMembership.objects.get_or_create(producer=producer, user=user, defaults={"is_owner": is_owner})
    if not created and membership.is_owner != is_owner:
        membership.is_owner = is_owner
        membership.save(update_fields=["is_owner"])
    elif not created:
        return membership
    audit(producer, action="membership_add", actor=actor, note=f"{user.username}{' (owner)' if is_owner else ''}")
    return membership


@transaction.atomic
def membership_remove(*, producer, user, actor=None):
    """Remove `user` from `producer`; the last owner cannot leave."""
    membership = ProducerMembership.objects.select_for_update().filter(producer=producer, user=user).first()
    if membership is None:
        return False
    if membership.is_owner and not producer.memberships.filter(is_owner=True).exclude(pk=membership.pk).exists():
        raise ValidationError(_("Chủ thể phải còn ít nhất một tài khoản chủ sở hữu."), code="last_owner")
    membership.delete()
    audit(producer, action="membership_remove", actor=actor, note=user.username)
    return True


@transaction.atomic
def producer_confirm(*, producer, actor=None, at=None):
    """The local office confirms a producer that registered itself; only a confirmed producer
    may submit a dossier. Idempotent: a second confirmation keeps the first date."""
    from django.utils import timezone

    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    if producer.confirmed_at is None:
        producer.confirmed_at = at or timezone.now()
        producer.confirmed_by = actor
        producer.save(update_fields=["confirmed_at", "confirmed_by"])
        audit(producer, action="producer_confirm", actor=actor)
    return producer


def product_create(*, producer, name, product_set, description=""):
    product = Product(producer=producer, name=name, product_set=product_set, description=description)
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def product_assign_code(*, product, code, actor=None):
    """Give a recognised product its OCOP code, once: a product keeps the first code it got."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.code:
        return product
    product.code = code
    product.save(update_fields=["code"])
    audit(product, action="product_code", actor=actor, note=code)
    return product


@transaction.atomic
def product_sets_sync(rows):
    """Create or update the product sets of the catalogue (`rows`: dicts with number, name, group,
    sector). Never deletes a set: products refer to them. Returns ({number: id}, created, updated)."""
    existing = {ps.number: ps for ps in ProductSet.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        current = existing.get(row["number"])
        if current is None:
            to_create.append(ProductSet(**row))
        elif any(getattr(current, f) != row[f] for f in ("name", "group", "sector")):
            for f in ("name", "group", "sector"):
                setattr(current, f, row[f])
            to_update.append(current)
    ProductSet.objects.bulk_create(to_create)
    ProductSet.objects.bulk_update(to_update, ["name", "group", "sector"])
    ids = {ps.number: ps.pk for ps in ProductSet.objects.filter(number__in=[r["number"] for r in rows])}
    return ids, len(to_create), len(to_update)


# --- Accounts: sign-up and email verification -------------------------------------------------

RESEND_INTERVAL = 60  # seconds: at most one verification email per address per minute


def _resend_key(email):
    return "producers:verification-sent:" + hashlib.sha256(email.lower().encode()).hexdigest()


@transaction.atomic
def account_signup(*, full_name, email, password, phone="", language=None):
    """Create an account that cannot log in yet (inactive; username = the lowercased email) and,
    after commit, send it a verification link in `language`. Refuses an email any user already
    has (case-insensitive) and a password Django's validators refuse."""
    User = get_user_model()
    email = email.strip().lower()
    language = language or settings.LANGUAGE_CODE
    if selectors.email_taken(email):
        raise ValidationError({"email": _("Email này đã được dùng cho một tài khoản khác.")}, code="email_taken")
    user = User(username=email, email=email, full_name=full_name.strip(), phone=phone.strip(), is_active=False,
                language=language)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": [_password_error(e) for e in exc.error_list]}) from exc
    user.set_password(password)
    try:
        with transaction.atomic():  # two sign-ups with the same address at once: the second is refused
            user.save()
    except IntegrityError as exc:
        raise ValidationError({"email": _("Email này đã được dùng cho một tài khoản khác.")}, code="email_taken") from exc
    audit(user, action="account_signup", actor=user)
    cache.set(_resend_key(email), True, RESEND_INTERVAL)
    _enqueue_verification(user, language)
    return user


def _password_error(error):
    """Django's validators' refusal in plain Vietnamese (Django's own Vietnamese catalogue lacks
    some of them); one we do not know is passed on as it is."""
    params = error.params or {}
    messages = {
        "password_too_short": _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự."),
        "password_too_similar": _("Mật khẩu quá giống email hoặc họ tên của bạn."),
        "password_too_common": _("Mật khẩu này quá phổ biến, dễ bị đoán ra."),
        "password_entirely_numeric": _("Mật khẩu không được chỉ gồm chữ số."),
    }
    if error.code not in messages:
        return error
    return ValidationError(messages[error.code] % params if "%(" in messages[error.code] else messages[error.code],
                           code=error.code)


def _enqueue_verification(user, language):
    from .tasks import verification_email_task

    user_id = user.pk
    transaction.on_commit(lambda: verification_email_task.delay(user_id=user_id, language=language))


def verification_email_resend(*, email, language=None):
    """Send a new verification link to the account that signed up with `email` and has not
    verified it yet. The caller tells every visitor the same thing whether or not such an account
    exists; at most one email per address per minute. Returns whether an email was enqueued."""
    email = email.strip().lower()
    user = (get_user_model().objects.filter(email__iexact=email, is_active=False, last_login__isnull=True)
            .order_by("pk").first())
    if user is None or not cache.add(_resend_key(email), True, RESEND_INTERVAL):
        return False
    _enqueue_verification(user, language or user.language or settings.LANGUAGE_CODE)
    return True


def verification_email_deliver(*, user):
    """Render the verification email in the active language (plain text with the link) and send
    it to the user's address. Called by the task, which activates the language."""
    link = settings.PORTAL_BASE_URL + reverse("producers:verify", kwargs={"token": tokens.make_token(user)})
    context = {"user": user, "link": link, "days": tokens.valid_days()}
    subject = " ".join(render_to_string("producers/email/verify_subject.txt", context).split())
    body = render_to_string("producers/email/verify_body.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)


@transaction.atomic
def account_verify_email(*, token, max_age=None):
    """Activate the account a verification link names. Returns (user, activated): `activated` is
    False when the account was already active (the link was used before), and then nothing
    changes. Raises ValidationError with code "expired" (params: the email the link was sent to)
    or "invalid" (altered, unknown, or an account that was closed after it had been used)."""
    invalid = ValidationError(_("Liên kết xác nhận không hợp lệ. Hãy mở đúng liên kết trong thư, hoặc gửi lại thư xác nhận."),
                              code="invalid")
    try:
        payload = tokens.read_token(token, max_age=max_age)
    except tokens.TokenExpired as exc:
        raise ValidationError(_("Liên kết xác nhận đã hết hạn. Hãy gửi lại thư xác nhận để nhận liên kết mới."),
                              code="expired", params={"email": (exc.payload or {}).get("e", "")}) from exc
    except tokens.TokenInvalid as exc:
        raise invalid from exc
    user = get_user_model().objects.select_for_update().filter(pk=payload["u"]).first()
    if user is None or user.email.lower() != str(payload.get("e", "")).lower():
        raise invalid
    if user.is_active:
        return user, False
    if user.last_login is not None:  # closed by an administrator: an old link does not reopen it
        raise invalid
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit(user, action="email_verified", actor=user)
    return user, True


# --- The producer's profile --------------------------------------------------------------------

PROFILE_FIELDS = (
    "kind", "name", "registration_number", "unit", "address", "phone", "email", "founded_on", "representative_name",
    "representative_gender", "representative_ethnicity", "representative_title", "representative_address",
    "representative_disabled",
)
# What the local office confirmed: fixed once it has (a change would need a new confirmation).
LOCKED_ONCE_CONFIRMED = ("kind", "registration_number", "unit")


def _check_founded_on(day):
    if day and day > timezone.localdate():
        raise ValidationError({"founded_on": _("Ngày thành lập không được sau hôm nay.")}, code="future")


@transaction.atomic
def producer_update(*, producer, actor=None, **changes):
    """Change the producer's profile (fields of PROFILE_FIELDS). Once the local office has
    confirmed the producer, its kind, registration number and unit can no longer change. Saves
    only the changed fields and writes one audit row naming them."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"producer_update: unknown fields {sorted(unknown)}")
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    if "registration_number" in changes:
        changes["registration_number"] = changes["registration_number"].strip().upper()
    changed = [f for f, value in changes.items()
               if (producer.unit_id != getattr(value, "pk", value) if f == "unit" else getattr(producer, f) != value)]
    if producer.confirmed_at is not None:
        locked = [f for f in changed if f in LOCKED_ONCE_CONFIRMED]
        if locked:
            message = _("Chủ thể đã được địa phương xác nhận: không sửa được mục này.")
            raise ValidationError({f: message for f in locked}, code="locked")
    if not changed:
        return producer
    if "founded_on" in changed:
        _check_founded_on(changes["founded_on"])
    for f in changed:
        setattr(producer, f, changes[f])
    producer.full_clean()
    producer.save(update_fields=changed)
    audit(producer, action="producer_update", actor=actor, note=", ".join(changed))
    return producer


# --- The producer's people -------------------------------------------------------------------


@transaction.atomic
def membership_add_by_email(*, producer, email, is_owner=False, actor=None):
    """Let the active account with `email` act for `producer` (owner or member). Refuses an
    address no active account has, and an account already in the producer."""
    user = (get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).exclude(email="")
            .order_by("pk").first())
    if user is None:
        raise ValidationError({"email": _("Không có tài khoản đang hoạt động nào dùng email này. Người đó cần đăng ký "
                                          "và xác nhận email trước.")}, code="no_such_user")
    if ProducerMembership.objects.filter(producer=producer, user=user).exists():
        raise ValidationError({"email": _("Tài khoản này đã thuộc chủ thể.")}, code="already_member")
    return membership_add(producer=producer, user=user, is_owner=is_owner, actor=actor)


@transaction.atomic
def membership_set_owner(*, membership, is_owner, actor=None):
    """Give a member owner rights, or take them back; the last owner keeps them."""
    membership = ProducerMembership.objects.select_for_update().select_related("producer", "user").get(pk=membership.pk)
    if membership.is_owner == is_owner:
        return membership
    producer = membership.producer
    if not is_owner and not producer.memberships.filter(is_owner=True).exclude(pk=membership.pk).exists():
        raise ValidationError(_("Chủ thể phải còn ít nhất một tài khoản chủ sở hữu."), code="last_owner")
    membership.is_owner = is_owner
    membership.save(update_fields=["is_owner"])
    audit(producer, action="membership_owner" if is_owner else "membership_member", actor=actor, note=membership.user.username)
    return membership


# --- Training of the producer's leaders ----------------------------------------------------------


@transaction.atomic
def training_record_add(*, producer, person_name, course, organiser, attended_on, position="", actor=None):
    """Record a course one of the producer's leaders attended; the date cannot be in the future."""
    if attended_on and attended_on > timezone.localdate():
        raise ValidationError({"attended_on": _("Ngày tập huấn không được sau hôm nay.")}, code="future")
    record = TrainingRecord(producer=producer, person_name=person_name.strip(), position=position.strip(),
                            course=course.strip(), organiser=organiser.strip(), attended_on=attended_on)
    record.full_clean()
    record.save()
    audit(producer, action="training_add", actor=actor, note=str(record))
    return record


@transaction.atomic
def training_record_delete(*, record, actor=None):
    """Delete a training record (entered by mistake); the audit row keeps what it said."""
    audit(record.producer, action="training_delete", actor=actor, note=str(record))
    record.delete()

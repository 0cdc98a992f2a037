from teenindus.frontdesk.services.checkin import visit_check_in
from teenindus.frontdesk.services.queue import desk_sign_in


def check_in(fd, prefix: str, **extra):
    return visit_check_in(
        actor=fd["info"], office_id=fd["office"].pk, service_id=fd["services"][prefix].pk, **extra
    )


def at_desk(fd, index: int, user=None):
    desk = fd["desks"][index]
    desk_sign_in(actor=user or fd["info"], desk_id=desk.pk)
    return desk

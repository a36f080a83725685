"""The site's user: the library asks the user model for `digid_objects` (by BSN) and `eherkenning_objects` (by
RSIN) managers, which a project implements (digid_eherkenning.managers)."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from digid_eherkenning.managers import BaseDigidManager, BaseeHerkenningManager


class DigidManager(BaseDigidManager):
    def get_by_bsn(self, bsn: str) -> "User":
        return self.get(bsn=bsn)

    def digid_create(self, bsn: str, **kwargs: object) -> "User":
        return self.create(username=f"digid-{bsn}", bsn=bsn)


class EherkenningManager(BaseeHerkenningManager):
    def get_by_rsin(self, rsin: str) -> "User":
        return self.get(rsin=rsin)

    def eherkenning_create(self, rsin: str, **kwargs: object) -> "User":
        return self.create(username=f"eherkenning-{rsin}", rsin=rsin)


class User(AbstractUser):
    bsn = models.CharField(max_length=9, blank=True)
    rsin = models.CharField(max_length=9, blank=True)

    objects = UserManager()
    digid_objects = DigidManager()
    eherkenning_objects = EherkenningManager()

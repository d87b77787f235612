import pytest
from django.urls import reverse

from registers import spec as specs


@pytest.mark.parametrize("key", [s.key for s in specs.all_registers()])
def test_every_register_is_in_the_admin(client, plan_2007, admin_user, key):
    model = specs.get(key).model
    client.force_login(admin_user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200

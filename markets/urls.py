app_name = "markets"

urlpatterns = []

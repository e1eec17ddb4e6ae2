app_name = "conventions"

# The conventions issue adds the signature, subsidy and contract pages here.
urlpatterns: list = []

"""The API's error answer: JSON `{"error": "…"}` in the user's language, whatever went wrong."""

from django.http import JsonResponse


def error_response(status: int, message: str) -> JsonResponse:
    response = JsonResponse({"error": str(message)}, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response

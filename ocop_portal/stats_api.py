"""GET /api/v1/stats/summary/ (filled in below)."""

from rest_framework.response import Response
from rest_framework.views import APIView


class StatsSummaryView(APIView):
    def get(self, request):
        return Response({})

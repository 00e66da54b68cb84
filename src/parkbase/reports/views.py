from django.views.generic import TemplateView


class ReportListView(TemplateView):
    pass


class AnnualView(TemplateView):
    pass


class AnnualDocxView(TemplateView):
    pass


class FigureView(TemplateView):
    pass

# models/local.mk — the model library, shipped and installed.
modelsdir = $(pkgdatadir)/models
dist_models_DATA = \
	models/binomial.fim \
	models/normal.fim \
	models/poisson.fim \
	models/gamma.fim

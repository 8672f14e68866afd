# Container workflow. V is the version (default: package.json's); REGISTRY prefixes the image.
IMAGE    ?= seats
REGISTRY ?=
V        ?= $(shell node -p "require('./package.json').version")
TAG      := $(if $(REGISTRY),$(REGISTRY)/)$(IMAGE):$(V)
COMPOSE  := IMAGE=$(if $(REGISTRY),$(REGISTRY)/)$(IMAGE) VERSION=$(V) docker compose

.PHONY: help build push run dev stop clean rebuild deploy version

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-9s %s\n", $$1, $$2}'

build: ## Build the image: make build V=1.2.3
	docker build -t $(TAG) .

push: ## Push the image to REGISTRY: make push V=1.2.3 REGISTRY=ghcr.io/acme
	docker push $(TAG)

run: ## Start PostgreSQL and Seats in containers (detached)
	$(COMPOSE) up -d

dev: ## Run Seats from source with reload, on the embedded PostgreSQL
	npm run dev

stop: ## Stop the containers, keeping the data
	$(COMPOSE) down

clean: ## Stop the containers and delete their data and the build output
	$(COMPOSE) down --volumes --remove-orphans
	rm -rf dist

rebuild: ## Rebuild the image and restart the containers
	$(COMPOSE) up -d --build --force-recreate

deploy: build push ## Build, push and roll out V: make deploy V=1.2.3
	$(COMPOSE) up -d --no-build

version: ## Show the version, or set it: make version V=1.2.3
ifeq ($(origin V),command line)
	npm version $(V) --no-git-tag-version
else
	@echo $(V)
endif

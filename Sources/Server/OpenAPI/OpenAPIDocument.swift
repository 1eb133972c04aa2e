/// The OpenAPI 3.1 document `GET /openapi.json` serves: every route, its scopes, bodies, answers and errors.
///
/// `OpenAPITests` checks that its paths and methods are exactly the router's, `openapi-spec-validator` checks the
/// document, and schemathesis (`scripts/ci/schemathesis.sh`, run by `.ci/run`) checks the server against it.
enum OpenAPIDocument {
    static let json = ##"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "AlertsAI HTTP API",
            "version": "1",
            "description": "Every answer is JSON in snake_case (except `/metrics`), every refusal `{\"error\":{\"message\":…}}`. Every route but `/health` and `/openapi.json` needs `Authorization: Bearer <api key>` with the scope the operation's `security` names (docs/SECURITY.md).",
            "license": {
              "name": "Proprietary",
              "identifier": "LicenseRef-Proprietary"
            }
          },
          "servers": [
            {
              "url": "/"
            }
          ],
          "tags": [
            {
              "name": "operations"
            },
            {
              "name": "scoring"
            },
            {
              "name": "alerts"
            },
            {
              "name": "features"
            },
            {
              "name": "registry"
            }
          ],
          "paths": {
              "/recipes": {
                "post": {
                  "operationId": "create_recipe",
                  "summary": "Check a recipe against the registry and store it (the caller's own; an operator's is shared)",
                  "description": "A user key with `alerts` acts for its own user: its own definitions and the shared ones (an operator's); another user's name answers 404. A service key with `admin` is an operator: it stores shared definitions and sees every one. The body is the recipe as JSON, or `{\"yaml\": \"…\"}`. Refused with 422 naming the field: an unknown key (with the nearest known one), a model or pack that is not published, a `features:`/`strategy:` that is not the model's own, a barrier in `plan` (sizing only: train a model with those barriers instead), an invalid universe; 409 a taken name.",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    },
                    {
                      "api_key": [
                        "admin"
                      ]
                    }
                  ],
                  "requestBody": {
                    "required": true,
                    "content": {
                      "application/json": {
                        "schema": {
                          "oneOf": [
                            {
                              "$ref": "#/components/schemas/RecipeDefinition"
                            },
                            {
                              "$ref": "#/components/schemas/PipelineYAML"
                            }
                          ]
                        },
                        "example": {
                          "name": "mega-oversold",
                          "model": "demo-swing-daily-us",
                          "features": "core-daily@v1",
                          "universe": "preset:us-mega-30",
                          "plan": {
                            "risk_pct": 0.5
                          },
                          "filter": {
                            "min_score": 0.55,
                            "sides": [
                              "long"
                            ]
                          }
                        }
                      }
                    }
                  },
                  "responses": {
                    "201": {
                      "description": "Stored",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Pipeline"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "400": {
                      "$ref": "#/components/responses/BadRequest"
                    },
                    "413": {
                      "$ref": "#/components/responses/ContentTooLarge"
                    },
                    "415": {
                      "$ref": "#/components/responses/UnsupportedMediaType"
                    },
                    "422": {
                      "$ref": "#/components/responses/UnprocessableContent"
                    },
                    "409": {
                      "$ref": "#/components/responses/Conflict"
                    }
                  }
                },
                "get": {
                  "operationId": "recipes",
                  "summary": "The recipes the caller sees, by name",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    },
                    {
                      "api_key": [
                        "admin"
                      ]
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "The recipes",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/RecipeList"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    }
                  }
                }
              },
              "/recipes/{name}": {
                "get": {
                  "operationId": "recipe",
                  "summary": "One recipe the caller sees",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    },
                    {
                      "api_key": [
                        "admin"
                      ]
                    }
                  ],
                  "parameters": [
                    {
                      "name": "name",
                      "in": "path",
                      "required": true,
                      "description": "the definition's name",
                      "schema": {
                        "type": "string",
                        "minLength": 1
                      }
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "The recipe",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Pipeline"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "404": {
                      "$ref": "#/components/responses/NotFound"
                    }
                  }
                },
                "delete": {
                  "operationId": "delete_recipe",
                  "summary": "Delete a recipe of the caller's (an operator: any)",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    },
                    {
                      "api_key": [
                        "admin"
                      ]
                    }
                  ],
                  "parameters": [
                    {
                      "name": "name",
                      "in": "path",
                      "required": true,
                      "description": "the definition's name",
                      "schema": {
                        "type": "string",
                        "minLength": 1
                      }
                    }
                  ],
                  "responses": {
                    "204": {
                      "description": "Deleted"
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "404": {
                      "$ref": "#/components/responses/NotFound"
                    }
                  }
                }
              },
              "/recipes/run": {
                "post": {
                  "operationId": "run_recipe",
                  "summary": "Run a stored recipe (or preview an inline one): the run report",
                  "description": "A user key with `alerts` acts for its own user: its own definitions and the shared ones (an operator's); another user's name answers 404. A service key with `admin` is an operator: it stores shared definitions and sees every one. `mode`: `commit` (default for a stored recipe), `dry_run` or `preview` (default, and the only mode, for an inline `recipe`). A user key runs for its own user (another `user_id` answers 404); an operator for any `user_id` or the shared feed. The run has the same guardrails, duplicate rules and single transaction as any run; its row carries `recipe_name`. Candidates the filter holds back are counted as `filtered` and listed as suppressed by `filter`.",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    },
                    {
                      "api_key": [
                        "admin"
                      ]
                    }
                  ],
                  "requestBody": {
                    "required": true,
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/RecipeRunRequest"
                        },
                        "example": {
                          "name": "mega-oversold",
                          "universe": "AAPL,MSFT,NVDA",
                          "as_of": "2024-12-31T23:00:00Z",
                          "mode": "preview"
                        }
                      }
                    }
                  },
                  "responses": {
                    "200": {
                      "description": "The run's report",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/RunReport"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "400": {
                      "$ref": "#/components/responses/BadRequest"
                    },
                    "413": {
                      "$ref": "#/components/responses/ContentTooLarge"
                    },
                    "415": {
                      "$ref": "#/components/responses/UnsupportedMediaType"
                    },
                    "422": {
                      "$ref": "#/components/responses/UnprocessableContent"
                    },
                    "404": {
                      "$ref": "#/components/responses/NotFound"
                    }
                  }
                }
              },
              "/workflows": {
                "post": {
                  "operationId": "create_workflow",
                  "summary": "Check a workflow against the registry and store it (the caller's own; an operator's is shared)",
                  "description": "A user key with `alerts` acts for its own user: its own definitions and the shared ones (an operator's); another user's name answers 404. A service key with `admin` is an operator: it stores shared definitions and sees every one. The body is the workflow as JSON, or `{\"yaml\": \"…\"}`. Refused with 422 naming the field: an unknown key (with the nearest known one), a model or pack that is not published, a `features:`/`strategy:` that is not the model's own, a barrier in `plan` (sizing only: train a model with those barriers instead), an invalid universe, steps out of order or without the model step; 409 a taken name.",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    },
                    {
                      "api_key": [
                        "admin"
                      ]
                    }
                  ],
                  "requestBody": {
                    "required": true,
                    "content": {
                      "application/json": {
                        "schema": {
                          "oneOf": [
                            {
                              "$ref": "#/components/schemas/WorkflowDefinition"
                            },
                            {
                              "$ref": "#/components/schemas/PipelineYAML"
                            }
                          ]
                        },
                        "example": {
                          "name": "mega-longs",
                          "steps": [
                            {
                              "universe": "preset:us-mega-30"
                            },
                            {
                              "model": "demo-swing-daily-us"
                            },
                            {
                              "filter": {
                                "min_score": 0.5
                              }
                            },
                            {
                              "plan": {
                                "risk_pct": 0.75
                              }
                            },
                            {
                              "explain": "template"
                            },
                            {
                              "deliver": "feed"
                            }
                          ]
                        }
                      }
                    }
                  },
                  "responses": {
                    "201": {
                      "description": "Stored",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Pipeline"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "400": {
                      "$ref": "#/components/responses/BadRequest"
                    },
                    "413": {
                      "$ref": "#/components/responses/ContentTooLarge"
                    },
                    "415": {
                      "$ref": "#/components/responses/UnsupportedMediaType"
                    },
                    "422": {
                      "$ref": "#/components/responses/UnprocessableContent"
                    },
                    "409": {
                      "$ref": "#/components/responses/Conflict"
                    }
                  }
                },
                "get": {
                  "operationId": "workflows",
                  "summary": "The workflows the caller sees, by name",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    },
                    {
                      "api_key": [
                        "admin"
                      ]
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "The workflows",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/WorkflowList"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    }
                  }
                }
              },
              "/workflows/{name}": {
                "get": {
                  "operationId": "workflow",
                  "summary": "One workflow the caller sees",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    },
                    {
                      "api_key": [
                        "admin"
                      ]
                    }
                  ],
                  "parameters": [
                    {
                      "name": "name",
                      "in": "path",
                      "required": true,
                      "description": "the definition's name",
                      "schema": {
                        "type": "string",
                        "minLength": 1
                      }
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "The workflow",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Pipeline"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "404": {
                      "$ref": "#/components/responses/NotFound"
                    }
                  }
                },
                "delete": {
                  "operationId": "delete_workflow",
                  "summary": "Delete a workflow of the caller's (an operator: any)",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    },
                    {
                      "api_key": [
                        "admin"
                      ]
                    }
                  ],
                  "parameters": [
                    {
                      "name": "name",
                      "in": "path",
                      "required": true,
                      "description": "the definition's name",
                      "schema": {
                        "type": "string",
                        "minLength": 1
                      }
                    }
                  ],
                  "responses": {
                    "204": {
                      "description": "Deleted"
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "404": {
                      "$ref": "#/components/responses/NotFound"
                    }
                  }
                }
              },
              "/workflows/run": {
                "post": {
                  "operationId": "run_workflow",
                  "summary": "Run a stored workflow (or preview an inline one): the run report",
                  "description": "A user key with `alerts` acts for its own user: its own definitions and the shared ones (an operator's); another user's name answers 404. A service key with `admin` is an operator: it stores shared definitions and sees every one. `mode`: `commit` (default for a stored workflow), `dry_run` or `preview` (default, and the only mode, for an inline `workflow`). A user key runs for its own user (another `user_id` answers 404); an operator for any `user_id` or the shared feed. The run has the same guardrails, duplicate rules and single transaction as any run; its row carries `workflow_name`. Candidates the filter holds back are counted as `filtered` and listed as suppressed by `filter`.",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    },
                    {
                      "api_key": [
                        "admin"
                      ]
                    }
                  ],
                  "requestBody": {
                    "required": true,
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/WorkflowRunRequest"
                        },
                        "example": {
                          "name": "mega-longs",
                          "universe": "AAPL,MSFT,NVDA",
                          "as_of": "2024-12-31T23:00:00Z",
                          "mode": "preview"
                        }
                      }
                    }
                  },
                  "responses": {
                    "200": {
                      "description": "The run's report",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/RunReport"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "400": {
                      "$ref": "#/components/responses/BadRequest"
                    },
                    "413": {
                      "$ref": "#/components/responses/ContentTooLarge"
                    },
                    "415": {
                      "$ref": "#/components/responses/UnsupportedMediaType"
                    },
                    "422": {
                      "$ref": "#/components/responses/UnprocessableContent"
                    },
                    "404": {
                      "$ref": "#/components/responses/NotFound"
                    }
                  }
                }
              },
              "/alerts/settings": {
                "get": {
                  "operationId": "get_settings",
                  "summary": "The caller's alert settings (`null`: the model's default)",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "The settings",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/UserSettings"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    }
                  }
                },
                "put": {
                  "operationId": "put_settings",
                  "summary": "Replace the caller's alert settings; every run for them reads them",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    }
                  ],
                  "requestBody": {
                    "required": true,
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/UserSettingsInput"
                        },
                        "example": {
                          "daily_budget": 1,
                          "quiet_hours": [
                            "22:00-07:00"
                          ],
                          "time_zone": "America/New_York",
                          "min_expected_return_pct": 0.5
                        }
                      }
                    }
                  },
                  "responses": {
                    "200": {
                      "description": "The stored settings",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/UserSettings"
                          }
                        }
                      }
                    },
                    "400": {
                      "$ref": "#/components/responses/BadRequest"
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "413": {
                      "$ref": "#/components/responses/ContentTooLarge"
                    },
                    "415": {
                      "$ref": "#/components/responses/UnsupportedMediaType"
                    },
                    "422": {
                      "$ref": "#/components/responses/UnprocessableContent"
                    }
                  }
                }
              },
              "/watchlists": {
                "post": {
                  "operationId": "create_watchlist",
                  "summary": "Create a watchlist of the caller's (use it as `watchlist:ID`)",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    }
                  ],
                  "requestBody": {
                    "required": true,
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/WatchlistCreate"
                        },
                        "example": {
                          "name": "chips",
                          "symbols": [
                            "NVDA",
                            "AMD",
                            "AVGO"
                          ]
                        }
                      }
                    }
                  },
                  "responses": {
                    "201": {
                      "description": "Created",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Watchlist"
                          }
                        }
                      }
                    },
                    "400": {
                      "$ref": "#/components/responses/BadRequest"
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "409": {
                      "$ref": "#/components/responses/Conflict"
                    },
                    "413": {
                      "$ref": "#/components/responses/ContentTooLarge"
                    },
                    "415": {
                      "$ref": "#/components/responses/UnsupportedMediaType"
                    },
                    "422": {
                      "$ref": "#/components/responses/UnprocessableContent"
                    }
                  }
                },
                "get": {
                  "operationId": "watchlists",
                  "summary": "The caller's watchlists by name",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "The watchlists",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/WatchlistList"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    }
                  }
                }
              },
              "/watchlists/{id}": {
                "get": {
                  "operationId": "watchlist",
                  "summary": "One of the caller's watchlists",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    }
                  ],
                  "parameters": [
                    {
                      "name": "id",
                      "in": "path",
                      "required": true,
                      "description": "the watchlist's id",
                      "schema": {
                        "type": "string",
                        "minLength": 1
                      }
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "The watchlist",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Watchlist"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "404": {
                      "$ref": "#/components/responses/NotFound"
                    }
                  }
                },
                "put": {
                  "operationId": "update_watchlist",
                  "summary": "Rename a watchlist of the caller's or replace its symbols",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    }
                  ],
                  "parameters": [
                    {
                      "name": "id",
                      "in": "path",
                      "required": true,
                      "description": "the watchlist's id",
                      "schema": {
                        "type": "string",
                        "minLength": 1
                      }
                    }
                  ],
                  "requestBody": {
                    "required": true,
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/WatchlistUpdate"
                        },
                        "example": {
                          "symbols": [
                            "NVDA",
                            "AMD"
                          ]
                        }
                      }
                    }
                  },
                  "responses": {
                    "200": {
                      "description": "The changed watchlist",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Watchlist"
                          }
                        }
                      }
                    },
                    "400": {
                      "$ref": "#/components/responses/BadRequest"
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "404": {
                      "$ref": "#/components/responses/NotFound"
                    },
                    "409": {
                      "$ref": "#/components/responses/Conflict"
                    },
                    "413": {
                      "$ref": "#/components/responses/ContentTooLarge"
                    },
                    "415": {
                      "$ref": "#/components/responses/UnsupportedMediaType"
                    },
                    "422": {
                      "$ref": "#/components/responses/UnprocessableContent"
                    }
                  }
                },
                "delete": {
                  "operationId": "delete_watchlist",
                  "summary": "Delete a watchlist of the caller's",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts"
                      ]
                    }
                  ],
                  "parameters": [
                    {
                      "name": "id",
                      "in": "path",
                      "required": true,
                      "description": "the watchlist's id",
                      "schema": {
                        "type": "string",
                        "minLength": 1
                      }
                    }
                  ],
                  "responses": {
                    "204": {
                      "description": "Deleted"
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "404": {
                      "$ref": "#/components/responses/NotFound"
                    }
                  }
                }
              },
              "/alerts/silences": {
                "post": {
                  "operationId": "create_silence",
                  "summary": "Mute candidates by model, symbol, universe or regime for a time window (a user key: their own alerts; a service key with `admin`: everyone's)",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts",
                        "admin"
                      ]
                    }
                  ],
                  "requestBody": {
                    "required": true,
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/SilenceCreate"
                        },
                        "example": {
                          "symbol": "TSLA",
                          "duration_minutes": 1440,
                          "comment": "earnings"
                        }
                      }
                    }
                  },
                  "responses": {
                    "201": {
                      "description": "Created",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Silence"
                          }
                        }
                      }
                    },
                    "400": {
                      "$ref": "#/components/responses/BadRequest"
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "404": {
                      "$ref": "#/components/responses/NotFound"
                    },
                    "413": {
                      "$ref": "#/components/responses/ContentTooLarge"
                    },
                    "415": {
                      "$ref": "#/components/responses/UnsupportedMediaType"
                    },
                    "422": {
                      "$ref": "#/components/responses/UnprocessableContent"
                    }
                  }
                },
                "get": {
                  "operationId": "silences",
                  "summary": "Silences the caller sees: their own and the operators' (a service key: all), newest first",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts",
                        "admin"
                      ]
                    }
                  ],
                  "parameters": [
                    {
                      "name": "active",
                      "in": "query",
                      "required": false,
                      "description": "`true`: only those in force now",
                      "schema": {
                        "type": "string",
                        "enum": [
                          "true",
                          "false"
                        ]
                      }
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "The silences",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/SilenceList"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "422": {
                      "$ref": "#/components/responses/UnprocessableContent"
                    }
                  }
                }
              },
              "/alerts/silences/{id}": {
                "get": {
                  "operationId": "silence",
                  "summary": "One silence the caller sees",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts",
                        "admin"
                      ]
                    }
                  ],
                  "parameters": [
                    {
                      "name": "id",
                      "in": "path",
                      "required": true,
                      "description": "the silence's id",
                      "schema": {
                        "type": "string",
                        "minLength": 1
                      }
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "The silence",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Silence"
                          }
                        }
                      }
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "404": {
                      "$ref": "#/components/responses/NotFound"
                    }
                  }
                }
              },
              "/alerts/silences/{id}/expire": {
                "post": {
                  "operationId": "expire_silence",
                  "summary": "End a silence of the caller's now (it stays listed, for the record of what it muted)",
                  "tags": [
                    "alerts"
                  ],
                  "security": [
                    {
                      "api_key": [
                        "alerts",
                        "admin"
                      ]
                    }
                  ],
                  "parameters": [
                    {
                      "name": "id",
                      "in": "path",
                      "required": true,
                      "description": "the silence's id",
                      "schema": {
                        "type": "string",
                        "minLength": 1
                      }
                    }
                  ],
                  "requestBody": {
                    "required": true,
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ExpireSilenceRequest"
                        },
                        "example": {}
                      }
                    }
                  },
                  "responses": {
                    "200": {
                      "description": "The silence, ended",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Silence"
                          }
                        }
                      }
                    },
                    "400": {
                      "$ref": "#/components/responses/BadRequest"
                    },
                    "401": {
                      "$ref": "#/components/responses/Unauthorized"
                    },
                    "403": {
                      "$ref": "#/components/responses/Forbidden"
                    },
                    "429": {
                      "$ref": "#/components/responses/TooManyRequests"
                    },
                    "503": {
                      "$ref": "#/components/responses/ServiceUnavailable"
                    },
                    "404": {
                      "$ref": "#/components/responses/NotFound"
                    },
                    "413": {
                      "$ref": "#/components/responses/ContentTooLarge"
                    },
                    "415": {
                      "$ref": "#/components/responses/UnsupportedMediaType"
                    }
                  }
                }
              },
            "/health": {
              "get": {
                "operationId": "health",
                "summary": "The process is up and the store answers",
                "tags": [
                  "operations"
                ],
                "security": [],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Health"
                        }
                      }
                    }
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/openapi.json": {
              "get": {
                "operationId": "openapi",
                "summary": "This document",
                "tags": [
                  "operations"
                ],
                "security": [],
                "responses": {
                  "200": {
                    "description": "The OpenAPI 3.1 document of every route",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/metrics": {
              "get": {
                "operationId": "metrics",
                "summary": "Prometheus text exposition",
                "tags": [
                  "operations"
                ],
                "security": [
                  {
                    "api_key": [
                      "metrics"
                    ]
                  }
                ],
                "description": "Needs the `metrics` scope, or a client address in `metrics.allowed_networks`.",
                "responses": {
                  "200": {
                    "description": "Prometheus text",
                    "content": {
                      "text/plain": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/score": {
              "post": {
                "operationId": "score",
                "summary": "Stateless batch scoring with a published model or pack",
                "tags": [
                  "scoring"
                ],
                "security": [
                  {
                    "api_key": [
                      "score"
                    ]
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ScoreRequest"
                      },
                      "example": {
                        "model": "demo-swing-daily-us",
                        "rows": [
                          {
                            "ret_1": 0.5,
                            "ret_5": 0.5,
                            "ret_20": 0.5,
                            "rsi_14": 0.5,
                            "rsi_2": 0.5,
                            "macd_hist": 0.5,
                            "atr_14_pct": 0.5,
                            "natr_14": 0.5,
                            "adx_14": 0.5,
                            "willr_14": 0.5,
                            "stoch_slowk": 0.5,
                            "stoch_slowd": 0.5,
                            "cci_20": 0.5,
                            "mfi_14": 0.5,
                            "roc_10": 0.5,
                            "volume_z_20": 0.5,
                            "gap": 0.5,
                            "dist_high_20": 0.5,
                            "dist_low_20": 0.5,
                            "dist_high_60": 0.5,
                            "dist_low_60": 0.5,
                            "rvol_20": 0.5,
                            "close_z_20": 0.5,
                            "day_of_week": 0.5,
                            "bb_pct_b": 0.5,
                            "trend_50": 0.5,
                            "trend_200": 0.5,
                            "rsi_x_vol": 0.5,
                            "rvol_20_z": 0.5
                          }
                        ]
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Every row scored",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ScoreAnswer"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/ContentTooLarge"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/alerts/preview": {
              "post": {
                "operationId": "previewAlerts",
                "summary": "The alerts a run would produce now; writes nothing",
                "tags": [
                  "alerts"
                ],
                "security": [
                  {
                    "api_key": [
                      "alerts"
                    ]
                  },
                  {
                    "api_key": [
                      "admin"
                    ]
                  }
                ],
                "description": "A user key with `alerts` previews for its own user only (another `user_id` answers 404); a service key with `admin` for any `user_id` or none.",
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/PreviewRequest"
                      },
                      "example": {
                        "model": "demo-swing-daily-us",
                        "universe": "preset:us-mega-30"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The preview run's report",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/RunReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/ContentTooLarge"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/indicator_sets/auto_build": {
              "post": {
                "operationId": "autoBuild",
                "summary": "Latest feature vectors per symbol from closed bars",
                "tags": [
                  "features"
                ],
                "security": [
                  {
                    "api_key": [
                      "score"
                    ]
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/AutoBuildRequest"
                      },
                      "example": {
                        "symbols": [
                          "AAPL",
                          "MSFT"
                        ],
                        "set": "core-daily"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/AutoBuildAnswer"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/ContentTooLarge"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/indicator_sets": {
              "get": {
                "operationId": "indicatorSets",
                "summary": "Stored feature sets and strategies",
                "tags": [
                  "features"
                ],
                "security": [
                  {
                    "api_key": [
                      "registry"
                    ]
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/IndicatorSets"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/alerts/subscribe": {
              "post": {
                "operationId": "subscribe",
                "summary": "Subscribe a webhook to a model or pack",
                "tags": [
                  "alerts"
                ],
                "security": [
                  {
                    "api_key": [
                      "alerts"
                    ]
                  }
                ],
                "parameters": [
                  {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": false,
                    "description": "Same key and body: the first answer again; same key, other body: 422. Kept 24 h.",
                    "schema": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[!-~]+$"
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/SubscribeRequest"
                      },
                      "example": {
                        "model": "demo-swing-daily-us",
                        "universe": "preset:us-mega-30",
                        "webhook": {
                          "url": "https://hooks.example.com/alertsai"
                        }
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Subscribed (`webhook.secret` is in the answer when this subscribe made the endpoint)",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Subscription"
                        }
                      }
                    }
                  },
                  "200": {
                    "description": "The same subscription exists already",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Subscription"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/ContentTooLarge"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  }
                }
              }
            },
            "/alerts/subscriptions": {
              "get": {
                "operationId": "subscriptions",
                "summary": "The caller's subscriptions, oldest first",
                "tags": [
                  "alerts"
                ],
                "security": [
                  {
                    "api_key": [
                      "alerts"
                    ]
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/SubscriptionList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/alerts/subscriptions/{id}": {
              "delete": {
                "operationId": "unsubscribe",
                "summary": "Switch one subscription off",
                "tags": [
                  "alerts"
                ],
                "security": [
                  {
                    "api_key": [
                      "alerts"
                    ]
                  }
                ],
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "the subscription's id",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The subscription, `active: false`",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Subscription"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                }
              }
            },
            "/alerts/webhooks/{id}/rotate_secret": {
              "post": {
                "operationId": "rotate_webhook_secret",
                "summary": "A new signing secret for one of the caller's endpoints; the previous one also signs during the overlap",
                "tags": [
                  "alerts"
                ],
                "security": [
                  {
                    "api_key": [
                      "alerts"
                    ]
                  }
                ],
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "the endpoint's id (`webhook.endpoint_id` of a subscription)",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    }
                  },
                  {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": false,
                    "description": "Same key and body: the first answer again; same key, other body: 422. Kept 24 h.",
                    "schema": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 255,
                      "pattern": "^[!-~]+$"
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/RotateSecretRequest"
                      },
                      "example": {
                        "overlap_hours": 24
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The new secret, shown this once",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/RotatedSecret"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "413": {
                    "$ref": "#/components/responses/ContentTooLarge"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/alerts/feed": {
              "get": {
                "operationId": "feed",
                "summary": "The caller's alerts, newest first",
                "tags": [
                  "alerts"
                ],
                "security": [
                  {
                    "api_key": [
                      "alerts"
                    ]
                  }
                ],
                "parameters": [
                  {
                    "name": "limit",
                    "in": "query",
                    "required": false,
                    "schema": {
                      "type": "integer",
                      "minimum": 1,
                      "maximum": 500,
                      "default": 50
                    }
                  },
                  {
                    "name": "before",
                    "in": "query",
                    "required": false,
                    "description": "only alerts written strictly before this instant",
                    "schema": {
                      "$ref": "#/components/schemas/Instant"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/FeedPage"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent"
                  }
                }
              }
            },
            "/models": {
              "get": {
                "operationId": "models",
                "summary": "Model names with published and latest versions",
                "tags": [
                  "registry"
                ],
                "security": [
                  {
                    "api_key": [
                      "registry"
                    ]
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ModelList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/models/{name}": {
              "get": {
                "operationId": "model",
                "summary": "Every version of one model, newest first",
                "tags": [
                  "registry"
                ],
                "security": [
                  {
                    "api_key": [
                      "registry"
                    ]
                  }
                ],
                "parameters": [
                  {
                    "name": "name",
                    "in": "path",
                    "required": true,
                    "description": "the model's name",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    },
                    "example": "demo-swing-daily-us"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ModelDetail"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                }
              }
            },
            "/models/{name}/versions/{version}": {
              "get": {
                "operationId": "modelVersion",
                "summary": "One version in full, with its training runs",
                "tags": [
                  "registry"
                ],
                "security": [
                  {
                    "api_key": [
                      "registry"
                    ]
                  }
                ],
                "parameters": [
                  {
                    "name": "name",
                    "in": "path",
                    "required": true,
                    "description": "the model's name",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    },
                    "example": "demo-swing-daily-us"
                  },
                  {
                    "name": "version",
                    "in": "path",
                    "required": true,
                    "description": "`3` or `v3`",
                    "schema": {
                      "type": "string",
                      "pattern": "^v?[1-9][0-9]{0,8}$"
                    },
                    "example": "1"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/VersionDetail"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                }
              }
            },
            "/packs": {
              "get": {
                "operationId": "packs",
                "summary": "Published packs with their components",
                "tags": [
                  "registry"
                ],
                "security": [
                  {
                    "api_key": [
                      "registry"
                    ]
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/PackList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/models/{name}/live": {
              "get": {
                "operationId": "modelLive",
                "summary": "Live precision and expectancy of each version against its promise, with per-regime trade statistics",
                "tags": [
                  "registry"
                ],
                "security": [
                  {
                    "api_key": [
                      "registry"
                    ]
                  }
                ],
                "parameters": [
                  {
                    "name": "name",
                    "in": "path",
                    "required": true,
                    "description": "the model's name",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    },
                    "example": "demo-swing-daily-us"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/LiveModel"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                }
              }
            },
            "/schedules": {
              "get": {
                "operationId": "listSchedules",
                "summary": "Every schedule, paused ones too",
                "description": "Service keys with the `admin` scope only; a user key is refused (403).",
                "tags": [
                  "operations"
                ],
                "security": [
                  {
                    "api_key": [
                      "admin"
                    ]
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ScheduleList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              },
              "post": {
                "operationId": "createSchedule",
                "summary": "Create a schedule (active at once)",
                "description": "Service keys with the `admin` scope only; a user key is refused (403). An unknown model, pack, user or universe is 422.",
                "tags": [
                  "operations"
                ],
                "security": [
                  {
                    "api_key": [
                      "admin"
                    ]
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ScheduleRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Created",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Schedule"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent"
                  },
                  "413": {
                    "$ref": "#/components/responses/ContentTooLarge"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  }
                }
              }
            },
            "/schedules/{id}": {
              "get": {
                "operationId": "getSchedule",
                "summary": "One schedule",
                "description": "Service keys with the `admin` scope only; a user key is refused (403).",
                "tags": [
                  "operations"
                ],
                "security": [
                  {
                    "api_key": [
                      "admin"
                    ]
                  }
                ],
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "the schedule's id (GET /schedules lists them)",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    },
                    "example": "00000000-0000-0000-0000-000000000000"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Schedule"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                }
              },
              "delete": {
                "operationId": "deleteSchedule",
                "summary": "Delete a schedule (answers it as it was)",
                "description": "Service keys with the `admin` scope only; a user key is refused (403).",
                "tags": [
                  "operations"
                ],
                "security": [
                  {
                    "api_key": [
                      "admin"
                    ]
                  }
                ],
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "the schedule's id (GET /schedules lists them)",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    },
                    "example": "00000000-0000-0000-0000-000000000000"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Schedule"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                }
              }
            },
            "/schedules/{id}/pause": {
              "post": {
                "operationId": "pauseSchedule",
                "summary": "Pause a schedule",
                "description": "Service keys with the `admin` scope only; a user key is refused (403).",
                "tags": [
                  "operations"
                ],
                "security": [
                  {
                    "api_key": [
                      "admin"
                    ]
                  }
                ],
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "the schedule's id (GET /schedules lists them)",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    },
                    "example": "00000000-0000-0000-0000-000000000000"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Schedule"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                }
              }
            },
            "/schedules/{id}/resume": {
              "post": {
                "operationId": "resumeSchedule",
                "summary": "Resume a paused schedule",
                "description": "Service keys with the `admin` scope only; a user key is refused (403).",
                "tags": [
                  "operations"
                ],
                "security": [
                  {
                    "api_key": [
                      "admin"
                    ]
                  }
                ],
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "the schedule's id (GET /schedules lists them)",
                    "schema": {
                      "type": "string",
                      "minLength": 1
                    },
                    "example": "00000000-0000-0000-0000-000000000000"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "OK",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Schedule"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "429": {
                    "$ref": "#/components/responses/TooManyRequests"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "api_key": {
                "type": "http",
                "scheme": "bearer",
                "description": "`Authorization: Bearer <api key>`: user keys `aai_…` (`alertsai users api-key`, scopes `alerts`, `score`, `registry`) or service keys `aais_…` (`alertsai keys create`, scopes `score`, `registry`, `metrics`, `admin`; `admin` implies the other service scopes). An operation's `security` lists the scopes that open it."
              }
            },
            "schemas": {
                "PlanOverrides": {
                  "type": "object",
                  "description": "Sizing only (DECISIONS 64): stop, take_profit and max_hold are the model's own and refused",
                  "properties": {
                    "risk_pct": {
                      "anyOf": [
                        {
                          "type": "number",
                          "exclusiveMinimum": 0,
                          "maximum": 10
                        },
                        {
                          "type": "null"
                        }
                      ],
                      "description": "percent of equity at risk per trade"
                    },
                    "max_position_pct": {
                      "anyOf": [
                        {
                          "type": "number",
                          "exclusiveMinimum": 0,
                          "maximum": 100
                        },
                        {
                          "type": "null"
                        }
                      ],
                      "description": "largest position, percent of equity"
                    }
                  },
                  "additionalProperties": false
                },
                "RunFilter": {
                  "type": "object",
                  "description": "Candidates failing a rule are held back before the guardrails (`filtered`, suppressed by `filter`)",
                  "properties": {
                    "min_score": {
                      "anyOf": [
                        {
                          "type": "number",
                          "minimum": 0,
                          "maximum": 1
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "min_expected_return_pct": {
                      "anyOf": [
                        {
                          "type": "number",
                          "minimum": -100,
                          "maximum": 100
                        },
                        {
                          "type": "null"
                        }
                      ],
                      "description": "the alert's expected_return_pct, net of costs"
                    },
                    "sides": {
                      "anyOf": [
                        {
                          "type": "array",
                          "minItems": 1,
                          "items": {
                            "type": "string",
                            "enum": [
                              "long",
                              "short"
                            ]
                          }
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "regimes": {
                      "anyOf": [
                        {
                          "type": "array",
                          "minItems": 1,
                          "items": {
                            "type": "string",
                            "enum": [
                              "low_vol",
                              "normal_vol",
                              "high_vol"
                            ]
                          }
                        },
                        {
                          "type": "null"
                        }
                      ]
                    }
                  },
                  "additionalProperties": false
                },
                "RecipeDefinition": {
                  "type": "object",
                  "description": "A recipe: exactly one of `model` and `pack` (published); `features` or `strategy` must be the model's own",
                  "properties": {
                    "name": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 100,
                      "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                      "description": "letters, digits, `.`, `_`, `-`; not `run`"
                    },
                    "model": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Name"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "pack": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Name"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "features": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Name"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "strategy": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Name"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "universe": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Universe"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "plan": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/PlanOverrides"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "filter": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/RunFilter"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    }
                  },
                  "required": [
                    "name"
                  ],
                  "additionalProperties": false
                },
                "WorkflowStep": {
                  "type": "object",
                  "description": "One key: `universe`, `features`/`strategy`, `model`/`pack` (the model step), `filter`, `plan`, `explain` (template, llm), `deliver` (feed, webhooks, none), in that order",
                  "minProperties": 1,
                  "maxProperties": 1,
                  "properties": {
                    "universe": {
                      "$ref": "#/components/schemas/Universe"
                    },
                    "features": {
                      "$ref": "#/components/schemas/Name"
                    },
                    "strategy": {
                      "$ref": "#/components/schemas/Name"
                    },
                    "model": {
                      "$ref": "#/components/schemas/Name"
                    },
                    "pack": {
                      "$ref": "#/components/schemas/Name"
                    },
                    "filter": {
                      "$ref": "#/components/schemas/RunFilter"
                    },
                    "plan": {
                      "$ref": "#/components/schemas/PlanOverrides"
                    },
                    "explain": {
                      "type": "string",
                      "enum": [
                        "template",
                        "llm"
                      ]
                    },
                    "deliver": {
                      "type": "string",
                      "enum": [
                        "feed",
                        "webhooks",
                        "none"
                      ]
                    }
                  },
                  "additionalProperties": false
                },
                "WorkflowDefinition": {
                  "type": "object",
                  "description": "A workflow: steps in order, the universe and model steps required",
                  "properties": {
                    "name": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 100,
                      "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                      "description": "letters, digits, `.`, `_`, `-`; not `run`"
                    },
                    "steps": {
                      "type": "array",
                      "minItems": 2,
                      "items": {
                        "$ref": "#/components/schemas/WorkflowStep"
                      }
                    }
                  },
                  "required": [
                    "name",
                    "steps"
                  ],
                  "additionalProperties": false
                },
                "PipelineYAML": {
                  "type": "object",
                  "description": "The definition as YAML text",
                  "properties": {
                    "yaml": {
                      "type": "string",
                      "minLength": 1
                    }
                  },
                  "required": [
                    "yaml"
                  ],
                  "additionalProperties": false
                },
                "Pipeline": {
                  "type": "object",
                  "properties": {
                    "name": {
                      "type": "string"
                    },
                    "scope": {
                      "type": "string",
                      "enum": [
                        "user",
                        "shared"
                      ]
                    },
                    "user_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "definition": {
                      "type": "object",
                      "description": "the stored definition (JSON, snake_case keys)"
                    },
                    "created_at": {
                      "type": "string"
                    },
                    "updated_at": {
                      "type": "string"
                    }
                  },
                  "required": [
                    "name",
                    "scope",
                    "user_id",
                    "definition",
                    "created_at",
                    "updated_at"
                  ]
                },
                "RecipeList": {
                  "type": "object",
                  "properties": {
                    "recipes": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Pipeline"
                      }
                    }
                  },
                  "required": [
                    "recipes"
                  ]
                },
                "RecipeRunRequest": {
                  "type": "object",
                  "description": "Exactly one of `name` (a stored recipe) and `recipe` (an inline one, previewed)",
                  "properties": {
                    "name": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Name"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "universe": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Universe"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "as_of": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Instant"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "mode": {
                      "anyOf": [
                        {
                          "type": "string",
                          "enum": [
                            "preview",
                            "dry_run",
                            "commit"
                          ]
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "user_id": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Name"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "recipe": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/RecipeDefinition"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    }
                  }
                },
                "WorkflowList": {
                  "type": "object",
                  "properties": {
                    "workflows": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Pipeline"
                      }
                    }
                  },
                  "required": [
                    "workflows"
                  ]
                },
                "WorkflowRunRequest": {
                  "type": "object",
                  "description": "Exactly one of `name` (a stored workflow) and `workflow` (an inline one, previewed)",
                  "properties": {
                    "name": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Name"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "universe": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Universe"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "as_of": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Instant"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "mode": {
                      "anyOf": [
                        {
                          "type": "string",
                          "enum": [
                            "preview",
                            "dry_run",
                            "commit"
                          ]
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "user_id": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Name"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "workflow": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/WorkflowDefinition"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    }
                  }
                },
                "UserSettingsInput": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "daily_budget": {
                      "type": [
                        "integer",
                        "null"
                      ],
                      "minimum": 0,
                      "maximum": 1000,
                      "description": "alerts a day at most"
                    },
                    "cooldown_bars": {
                      "type": [
                        "integer",
                        "null"
                      ],
                      "minimum": 0,
                      "maximum": 10000,
                      "description": "bars before a symbol may alert again"
                    },
                    "max_per_sector": {
                      "type": [
                        "integer",
                        "null"
                      ],
                      "minimum": 1,
                      "maximum": 1000
                    },
                    "max_per_direction": {
                      "type": [
                        "integer",
                        "null"
                      ],
                      "minimum": 1,
                      "maximum": 1000
                    },
                    "max_exposure": {
                      "type": [
                        "number",
                        "null"
                      ],
                      "exclusiveMinimum": 0,
                      "maximum": 100,
                      "description": "sum of sizing hints in one run, a share of equity"
                    },
                    "options_min_dte": {
                      "type": [
                        "integer",
                        "null"
                      ],
                      "minimum": 0,
                      "maximum": 3650
                    },
                    "options_max_dte": {
                      "type": [
                        "integer",
                        "null"
                      ],
                      "minimum": 0,
                      "maximum": 3650
                    },
                    "max_leverage": {
                      "type": [
                        "number",
                        "null"
                      ],
                      "exclusiveMinimum": 0,
                      "maximum": 1000
                    },
                    "market_hours_only": {
                      "type": [
                        "boolean",
                        "null"
                      ]
                    },
                    "quiet_hours": {
                      "type": [
                        "array",
                        "null"
                      ],
                      "maxItems": 24,
                      "items": {
                        "type": "string",
                        "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
                      },
                      "description": "no alerts in these daily windows (HH:MM-HH:MM in time_zone; over midnight when the end is earlier)"
                    },
                    "alert_windows": {
                      "type": [
                        "array",
                        "null"
                      ],
                      "maxItems": 24,
                      "items": {
                        "type": "string",
                        "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
                      },
                      "description": "alerts only in these daily windows"
                    },
                    "time_zone": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "maxLength": 64,
                      "description": "IANA zone of the windows; null: UTC"
                    },
                    "min_expected_return_pct": {
                      "type": [
                        "number",
                        "null"
                      ],
                      "minimum": -100,
                      "maximum": 1000,
                      "description": "hold back candidates whose expected net return (percent) is below this"
                    }
                  },
                  "description": "The whole set of overrides (PUT replaces); a key left out or null keeps the model's default. options_min_dte must not exceed options_max_dte."
                },
                "UserSettings": {
                  "type": "object",
                  "properties": {
                    "user_id": {
                      "type": "string"
                    },
                    "settings": {
                      "type": "object",
                      "properties": {
                        "daily_budget": {
                          "type": [
                            "integer",
                            "null"
                          ],
                          "minimum": 0,
                          "maximum": 1000,
                          "description": "alerts a day at most"
                        },
                        "cooldown_bars": {
                          "type": [
                            "integer",
                            "null"
                          ],
                          "minimum": 0,
                          "maximum": 10000,
                          "description": "bars before a symbol may alert again"
                        },
                        "max_per_sector": {
                          "type": [
                            "integer",
                            "null"
                          ],
                          "minimum": 1,
                          "maximum": 1000
                        },
                        "max_per_direction": {
                          "type": [
                            "integer",
                            "null"
                          ],
                          "minimum": 1,
                          "maximum": 1000
                        },
                        "max_exposure": {
                          "type": [
                            "number",
                            "null"
                          ],
                          "exclusiveMinimum": 0,
                          "maximum": 100,
                          "description": "sum of sizing hints in one run, a share of equity"
                        },
                        "options_min_dte": {
                          "type": [
                            "integer",
                            "null"
                          ],
                          "minimum": 0,
                          "maximum": 3650
                        },
                        "options_max_dte": {
                          "type": [
                            "integer",
                            "null"
                          ],
                          "minimum": 0,
                          "maximum": 3650
                        },
                        "max_leverage": {
                          "type": [
                            "number",
                            "null"
                          ],
                          "exclusiveMinimum": 0,
                          "maximum": 1000
                        },
                        "market_hours_only": {
                          "type": [
                            "boolean",
                            "null"
                          ]
                        },
                        "quiet_hours": {
                          "type": [
                            "array",
                            "null"
                          ],
                          "maxItems": 24,
                          "items": {
                            "type": "string",
                            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
                          },
                          "description": "no alerts in these daily windows (HH:MM-HH:MM in time_zone; over midnight when the end is earlier)"
                        },
                        "alert_windows": {
                          "type": [
                            "array",
                            "null"
                          ],
                          "maxItems": 24,
                          "items": {
                            "type": "string",
                            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
                          },
                          "description": "alerts only in these daily windows"
                        },
                        "time_zone": {
                          "type": [
                            "string",
                            "null"
                          ],
                          "maxLength": 64,
                          "description": "IANA zone of the windows; null: UTC"
                        },
                        "min_expected_return_pct": {
                          "type": [
                            "number",
                            "null"
                          ],
                          "minimum": -100,
                          "maximum": 1000,
                          "description": "hold back candidates whose expected net return (percent) is below this"
                        }
                      },
                      "required": [
                        "daily_budget",
                        "cooldown_bars",
                        "max_per_sector",
                        "max_per_direction",
                        "max_exposure",
                        "options_min_dte",
                        "options_max_dte",
                        "max_leverage",
                        "market_hours_only",
                        "quiet_hours",
                        "alert_windows",
                        "time_zone",
                        "min_expected_return_pct"
                      ]
                    }
                  },
                  "required": [
                    "user_id",
                    "settings"
                  ]
                },
                "WatchlistCreate": {
                  "type": "object",
                  "properties": {
                    "name": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 100
                    },
                    "symbols": {
                      "type": "array",
                      "minItems": 1,
                      "maxItems": 1000,
                      "items": {
                        "type": "string",
                        "pattern": "^[A-Za-z0-9.:_^=-]{1,24}$"
                      }
                    },
                    "market": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "enum": [
                        "US",
                        "EU",
                        "IN",
                        null
                      ]
                    },
                    "instrument": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "enum": [
                        "equity",
                        "etf",
                        "option",
                        null
                      ]
                    }
                  },
                  "required": [
                    "name",
                    "symbols"
                  ]
                },
                "WatchlistUpdate": {
                  "type": "object",
                  "properties": {
                    "name": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "minLength": 1,
                      "maxLength": 100
                    },
                    "symbols": {
                      "type": [
                        "array",
                        "null"
                      ],
                      "minItems": 1,
                      "maxItems": 1000,
                      "items": {
                        "type": "string",
                        "pattern": "^[A-Za-z0-9.:_^=-]{1,24}$"
                      }
                    }
                  },
                  "minProperties": 1
                },
                "Watchlist": {
                  "type": "object",
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "name": {
                      "type": "string"
                    },
                    "market": {
                      "type": "string"
                    },
                    "instrument": {
                      "type": "string"
                    },
                    "symbols": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    },
                    "universe": {
                      "type": "string",
                      "description": "`watchlist:ID`, to give as a universe"
                    }
                  },
                  "required": [
                    "id",
                    "name",
                    "market",
                    "instrument",
                    "symbols",
                    "universe"
                  ]
                },
                "WatchlistList": {
                  "type": "object",
                  "properties": {
                    "watchlists": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Watchlist"
                      }
                    }
                  },
                  "required": [
                    "watchlists"
                  ]
                },
                "SilenceCreate": {
                  "type": "object",
                  "description": "At least one matcher (model, symbol, universe, regime); exactly one of ends_at and duration_minutes.",
                  "properties": {
                    "model": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "minLength": 1,
                      "maxLength": 200
                    },
                    "symbol": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "pattern": "^[A-Za-z0-9.:_^=-]{1,24}$"
                    },
                    "universe": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "minLength": 1,
                      "maxLength": 16384,
                      "description": "`preset:NAME`, `watchlist:ID` (one of the caller's own) or symbols"
                    },
                    "regime": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "enum": [
                        "low_vol",
                        "normal_vol",
                        "high_vol",
                        null
                      ]
                    },
                    "starts_at": {
                      "description": "ms since 1970 or ISO-8601; default now",
                      "oneOf": [
                        {
                          "type": "integer",
                          "minimum": 0,
                          "maximum": 4102444799999
                        },
                        {
                          "type": "string",
                          "format": "date-time"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "ends_at": {
                      "description": "ms since 1970 or ISO-8601",
                      "oneOf": [
                        {
                          "type": "integer",
                          "minimum": 0,
                          "maximum": 4102444799999
                        },
                        {
                          "type": "string",
                          "format": "date-time"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "duration_minutes": {
                      "type": [
                        "number",
                        "null"
                      ],
                      "exclusiveMinimum": 0,
                      "maximum": 525600
                    },
                    "comment": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "maxLength": 500
                    }
                  }
                },
                "ExpireSilenceRequest": {
                  "type": "object",
                  "description": "Nothing to give (`{}`); any content is ignored."
                },
                "Silence": {
                  "type": "object",
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "scope": {
                      "type": "string",
                      "enum": [
                        "user",
                        "everyone"
                      ]
                    },
                    "user_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "created_by": {
                      "type": "string"
                    },
                    "model": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "symbol": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "universe": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "regime": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "starts_at": {
                      "type": "string",
                      "format": "date-time"
                    },
                    "ends_at": {
                      "type": "string",
                      "format": "date-time"
                    },
                    "active": {
                      "type": "boolean"
                    },
                    "comment": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  },
                  "required": [
                    "id",
                    "scope",
                    "user_id",
                    "created_by",
                    "model",
                    "symbol",
                    "universe",
                    "regime",
                    "starts_at",
                    "ends_at",
                    "active",
                    "comment"
                  ]
                },
                "SilenceList": {
                  "type": "object",
                  "properties": {
                    "silences": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Silence"
                      }
                    }
                  },
                  "required": [
                    "silences"
                  ]
                },
              "Error": {
                "type": "object",
                "properties": {
                  "error": {
                    "type": "object",
                    "properties": {
                      "message": {
                        "type": "string",
                        "description": "what was wrong, naming the field, parameter or value"
                      }
                    },
                    "required": [
                      "message"
                    ]
                  }
                },
                "required": [
                  "error"
                ],
                "description": "Every refusal and error: `{\"error\":{\"message\":…}}`."
              },
              "Health": {
                "type": "object",
                "properties": {
                  "status": {
                    "type": "string",
                    "enum": [
                      "ok"
                    ]
                  },
                  "database": {
                    "type": "string",
                    "enum": [
                      "sqlite",
                      "postgres"
                    ]
                  }
                },
                "required": [
                  "status",
                  "database"
                ]
              },
              "Name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
                "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]+$",
                "description": "1–200 printable characters"
              },
              "Universe": {
                "type": "string",
                "maxLength": 16384,
                "pattern": "^(\\*|preset:[A-Za-z0-9_-]{1,80}|watchlist:[A-Za-z0-9_-]{1,80}|[A-Za-z0-9.:_^=-]{1,24}([, ][A-Za-z0-9.:_^=-]{1,24}){0,99})$",
                "description": "`*`, `preset:NAME`, `watchlist:ID` (one of the caller's own) or symbols separated by commas or spaces (at most 1,000)"
              },
              "Instant": {
                "anyOf": [
                  {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 4102444799999,
                    "description": "milliseconds since 1970-01-01 UTC"
                  },
                  {
                    "type": "string",
                    "pattern": "^(19[7-9][0-9]|20[0-9][0-9])-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?Z$",
                    "description": "ISO-8601 UTC instant (`2024-07-01T20:05:04Z`, fractions allowed)"
                  }
                ],
                "description": "an instant within 1970-01-01…2100-01-01: milliseconds since 1970 or ISO-8601"
              },
              "FeatureValue": {
                "anyOf": [
                  {
                    "type": "number"
                  },
                  {
                    "type": "null"
                  },
                  {
                    "type": "string",
                    "enum": [
                      "NaN",
                      "Infinity",
                      "-Infinity"
                    ]
                  }
                ]
              },
              "ScoreRequest": {
                "type": "object",
                "properties": {
                  "model": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Name"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "pack": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Name"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "rows": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {},
                      "additionalProperties": {
                        "$ref": "#/components/schemas/FeatureValue"
                      }
                    },
                    "minItems": 1,
                    "description": "feature name → value; at most `serve.max_batch` rows (413 above)"
                  },
                  "regime": {
                    "anyOf": [
                      {
                        "type": "string",
                        "enum": [
                          "high_vol",
                          "normal_vol",
                          "low_vol"
                        ]
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "reasons": {
                    "anyOf": [
                      {
                        "type": "boolean"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                },
                "required": [
                  "rows"
                ],
                "oneOf": [
                  {
                    "required": [
                      "model"
                    ],
                    "properties": {
                      "model": {
                        "not": {
                          "type": "null"
                        }
                      },
                      "pack": {
                        "type": "null"
                      }
                    }
                  },
                  {
                    "required": [
                      "pack"
                    ],
                    "properties": {
                      "pack": {
                        "not": {
                          "type": "null"
                        }
                      },
                      "model": {
                        "type": "null"
                      }
                    }
                  }
                ],
                "description": "Exactly one of `model` and `pack`; an optional field given as null is absent."
              },
              "ScoreReason": {
                "type": "object",
                "properties": {
                  "feature": {
                    "type": "string"
                  },
                  "value": {
                    "type": "number"
                  },
                  "contribution": {
                    "type": "number"
                  },
                  "text": {
                    "type": "string"
                  }
                },
                "required": [
                  "feature",
                  "value",
                  "contribution",
                  "text"
                ]
              },
              "ScoreResult": {
                "type": "object",
                "properties": {
                  "decision": {
                    "type": "string",
                    "enum": [
                      "alert",
                      "pass"
                    ]
                  },
                  "score": {
                    "type": "number"
                  },
                  "threshold": {
                    "type": "number"
                  },
                  "expected_return_pct": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "expected_r": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "reasons": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ScoreReason"
                    }
                  },
                  "components": {
                    "type": "object",
                    "additionalProperties": {
                      "$ref": "#/components/schemas/ScoreResult"
                    },
                    "description": "packs: role → that component's result"
                  },
                  "error": {
                    "type": "string"
                  }
                },
                "description": "One row: a decision, or `error` naming what is wrong with the row."
              },
              "ScoreAnswer": {
                "type": "object",
                "properties": {
                  "model": {
                    "type": "string"
                  },
                  "results": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ScoreResult"
                    }
                  },
                  "error": {
                    "type": "object",
                    "properties": {
                      "message": {
                        "type": "string"
                      }
                    },
                    "required": [
                      "message"
                    ]
                  }
                },
                "required": [
                  "model",
                  "results"
                ]
              },
              "PreviewRequest": {
                "type": "object",
                "properties": {
                  "model": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Name"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "pack": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Name"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "universe": {
                    "$ref": "#/components/schemas/Universe"
                  },
                  "user_id": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Name"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "as_of": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Instant"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                },
                "required": [
                  "universe"
                ],
                "oneOf": [
                  {
                    "required": [
                      "model"
                    ],
                    "properties": {
                      "model": {
                        "not": {
                          "type": "null"
                        }
                      },
                      "pack": {
                        "type": "null"
                      }
                    }
                  },
                  {
                    "required": [
                      "pack"
                    ],
                    "properties": {
                      "pack": {
                        "not": {
                          "type": "null"
                        }
                      },
                      "model": {
                        "type": "null"
                      }
                    }
                  }
                ],
                "description": "Exactly one of `model` and `pack`; an optional field given as null is absent."
              },
              "Regime": {
                "type": "object",
                "properties": {
                  "volatility": {
                    "type": "string",
                    "enum": [
                      "low",
                      "normal",
                      "high"
                    ]
                  },
                  "trend": {
                    "type": "string"
                  }
                },
                "required": [
                  "volatility",
                  "trend"
                ]
              },
              "Plan": {
                "type": "object",
                "properties": {
                  "side": {
                    "type": "string"
                  },
                  "entry_rule": {
                    "type": "string"
                  },
                  "reference_price": {
                    "type": "number"
                  },
                  "stop_price": {
                    "type": "number"
                  },
                  "take_profit_price": {
                    "type": "number"
                  },
                  "stop_pct": {
                    "type": "number"
                  },
                  "take_profit_pct": {
                    "type": "number"
                  },
                  "max_hold_bars": {
                    "type": "integer"
                  },
                  "sizing_hint": {
                    "type": "number"
                  },
                  "hints": {
                    "type": "object",
                    "description": "instrument hints, keys as written"
                  },
                  "round_trip_cost": {
                    "type": "number"
                  }
                },
                "required": [
                  "side",
                  "entry_rule",
                  "reference_price",
                  "stop_price",
                  "take_profit_price",
                  "stop_pct",
                  "take_profit_pct",
                  "max_hold_bars",
                  "sizing_hint",
                  "hints"
                ]
              },
              "ModelScore": {
                "type": "object",
                "properties": {
                  "decision": {
                    "type": "string",
                    "enum": [
                      "alert",
                      "pass"
                    ]
                  },
                  "score": {
                    "type": "number"
                  },
                  "threshold": {
                    "type": "number"
                  },
                  "reasons": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ScoreReason"
                    }
                  },
                  "expected_return_pct": {
                    "type": "number"
                  },
                  "expected_r": {
                    "type": "number"
                  }
                },
                "required": [
                  "decision",
                  "score",
                  "threshold",
                  "reasons"
                ]
              },
              "ProposedAlert": {
                "type": "object",
                "properties": {
                  "symbol": {
                    "type": "string"
                  },
                  "market": {
                    "type": "string"
                  },
                  "instrument": {
                    "type": "string"
                  },
                  "strike": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "option alerts: the listed at-the-money strike (null otherwise)"
                  },
                  "expiry": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date",
                    "description": "option alerts: the listed expiry (exchange session date)"
                  },
                  "dte": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "description": "option alerts: calendar days from the signal's session to the expiry"
                  },
                  "timeframe": {
                    "type": "string"
                  },
                  "bar_time": {
                    "type": "integer"
                  },
                  "model": {
                    "type": "string"
                  },
                  "role": {
                    "type": "string"
                  },
                  "score": {
                    "$ref": "#/components/schemas/ModelScore"
                  },
                  "regime": {
                    "$ref": "#/components/schemas/Regime"
                  },
                  "plan": {
                    "$ref": "#/components/schemas/Plan"
                  },
                  "status": {
                    "type": "string",
                    "enum": [
                      "alert",
                      "suppressed",
                      "duplicate"
                    ]
                  },
                  "guardrail": {
                    "type": "string"
                  },
                  "detail": {
                    "type": "string"
                  },
                  "explanation": {
                    "type": "object",
                    "properties": {
                      "text": {
                        "type": "string"
                      },
                      "source": {
                        "type": "string"
                      },
                      "rejection": {
                        "type": "string"
                      }
                    },
                    "required": [
                      "text",
                      "source"
                    ]
                  },
                  "disclaimer": {
                    "type": "string"
                  },
                  "alert_id": {
                    "type": "string"
                  }
                },
                "required": [
                  "symbol",
                  "market",
                  "instrument",
                  "timeframe",
                  "bar_time",
                  "model",
                  "score",
                  "plan",
                  "status"
                ]
              },
              "RunReport": {
                "type": "object",
                "properties": {
                  "run_id": {
                    "type": "string"
                  },
                  "mode": {
                    "type": "string",
                    "enum": [
                      "commit",
                      "dry_run",
                      "preview"
                    ]
                  },
                  "as_of": {
                    "type": "integer"
                  },
                  "universe": {
                    "type": "string"
                  },
                  "models": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "counts": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "integer"
                    },
                    "description": "stage → count, keys as written (`suppressed.cooldown`)"
                  },
                  "alerts": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ProposedAlert"
                    }
                  },
                  "suppressed": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ProposedAlert"
                    }
                  },
                  "duplicates": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ProposedAlert"
                    }
                  },
                  "failures": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "string"
                    },
                    "description": "symbol (with model) → why it could not be scored"
                  },
                  "recipe": {
                    "type": "string",
                    "description": "the recipe the run came from (`POST /recipes/run`)"
                  },
                  "workflow": {
                    "type": "string",
                    "description": "the workflow the run came from (`POST /workflows/run`)"
                  }
                },
                "required": [
                  "mode",
                  "as_of",
                  "universe",
                  "models",
                  "counts",
                  "alerts",
                  "suppressed",
                  "duplicates",
                  "failures"
                ]
              },
              "AutoBuildRequest": {
                "type": "object",
                "properties": {
                  "symbols": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 24,
                      "pattern": "^[A-Za-z0-9.:_^=-]+$"
                    },
                    "minItems": 1,
                    "description": "at most `serve.max_batch` symbols (413 above)"
                  },
                  "set": {
                    "anyOf": [
                      {
                        "type": "string",
                        "minLength": 1,
                        "description": "a feature set reference: `core-daily`, `core-daily@v1`"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "strategy": {
                    "anyOf": [
                      {
                        "type": "string",
                        "minLength": 1
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "timeframe": {
                    "anyOf": [
                      {
                        "type": "string",
                        "enum": [
                          "1m",
                          "5m",
                          "15m",
                          "30m",
                          "1h",
                          "1d",
                          "1w"
                        ],
                        "description": "default 1d"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "market": {
                    "anyOf": [
                      {
                        "type": "string",
                        "enum": [
                          "US",
                          "EU",
                          "IN",
                          "FX"
                        ],
                        "description": "default US; exchange aliases (`XNYS`, `NSE`, …) are accepted too"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                },
                "required": [
                  "symbols"
                ],
                "oneOf": [
                  {
                    "required": [
                      "set"
                    ],
                    "properties": {
                      "set": {
                        "not": {
                          "type": "null"
                        }
                      },
                      "strategy": {
                        "type": "null"
                      }
                    }
                  },
                  {
                    "required": [
                      "strategy"
                    ],
                    "properties": {
                      "strategy": {
                        "not": {
                          "type": "null"
                        }
                      },
                      "set": {
                        "type": "null"
                      }
                    }
                  }
                ],
                "description": "Exactly one of `set` and `strategy`; an optional field given as null is absent."
              },
              "FeatureSetRef": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "version": {
                    "type": "integer"
                  },
                  "features": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "definition": {
                    "type": "object",
                    "description": "the whole feature set definition, stored with a model trained on an inline set"
                  }
                },
                "required": [
                  "name",
                  "version",
                  "features"
                ]
              },
              "AutoBuildAnswer": {
                "type": "object",
                "properties": {
                  "feature_set": {
                    "$ref": "#/components/schemas/FeatureSetRef"
                  },
                  "strategy": {
                    "type": "string"
                  },
                  "timeframe": {
                    "type": "string"
                  },
                  "market": {
                    "type": "string"
                  },
                  "as_of": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "results": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {
                        "symbol": {
                          "type": "string"
                        },
                        "bar_time": {
                          "type": "string"
                        },
                        "features": {
                          "type": "object",
                          "additionalProperties": {
                            "type": [
                              "number",
                              "null"
                            ]
                          },
                          "description": "feature → value, names as written"
                        },
                        "entry": {
                          "type": "boolean"
                        },
                        "error": {
                          "type": "string"
                        }
                      },
                      "required": [
                        "symbol"
                      ]
                    }
                  }
                },
                "required": [
                  "feature_set",
                  "timeframe",
                  "market",
                  "as_of",
                  "results"
                ]
              },
              "IndicatorSets": {
                "type": "object",
                "properties": {
                  "sets": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {
                        "name": {
                          "type": "string"
                        },
                        "version": {
                          "type": "integer"
                        },
                        "features": {
                          "type": "array",
                          "items": {
                            "type": "string"
                          }
                        }
                      },
                      "required": [
                        "name",
                        "version",
                        "features"
                      ]
                    }
                  },
                  "strategies": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  }
                },
                "required": [
                  "sets",
                  "strategies"
                ]
              },
              "SubscribeRequest": {
                "type": "object",
                "properties": {
                  "model": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Name"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "pack": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Name"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "universe": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Universe"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "channel": {
                    "anyOf": [
                      {
                        "type": "string",
                        "enum": [
                          "webhook"
                        ]
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "webhook": {
                    "type": "object",
                    "properties": {
                      "url": {
                        "type": "string",
                        "maxLength": 2048,
                        "pattern": "^https?://[a-z0-9-]{1,40}(\\.[a-z0-9-]{1,40})*\\.[a-z]{2,10}(/[A-Za-z0-9._~/-]*)?$",
                        "description": "`http://` or `https://` with a host that is not loopback, private, link-local or metadata (docs/SECURITY.md)"
                      },
                      "secret": {
                        "type": "null",
                        "description": "refused when given (422): secrets are made by the server and returned once in the answer's `webhook.secret`"
                      }
                    },
                    "required": [
                      "url"
                    ]
                  }
                },
                "required": [
                  "webhook"
                ],
                "oneOf": [
                  {
                    "required": [
                      "model"
                    ],
                    "properties": {
                      "model": {
                        "not": {
                          "type": "null"
                        }
                      },
                      "pack": {
                        "type": "null"
                      }
                    }
                  },
                  {
                    "required": [
                      "pack"
                    ],
                    "properties": {
                      "pack": {
                        "not": {
                          "type": "null"
                        }
                      },
                      "model": {
                        "type": "null"
                      }
                    }
                  }
                ],
                "description": "Exactly one of `model` and `pack`; an optional field given as null is absent."
              },
              "Subscription": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "string"
                  },
                  "channel": {
                    "type": "string",
                    "enum": [
                      "webhook"
                    ]
                  },
                  "model": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "pack": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "universe": {
                    "type": "string"
                  },
                  "webhook": {
                    "type": "object",
                    "properties": {
                      "url": {
                        "type": "string"
                      },
                      "endpoint_id": {
                        "type": "string"
                      },
                      "secret": {
                        "type": "string",
                        "description": "only in the answer of the subscribe that made the endpoint: `whsec_` + base64 of 24 random bytes"
                      }
                    },
                    "required": [
                      "url",
                      "endpoint_id"
                    ]
                  },
                  "active": {
                    "type": "boolean"
                  },
                  "created_at": {
                    "type": "string"
                  }
                },
                "required": [
                  "id",
                  "channel",
                  "model",
                  "pack",
                  "universe",
                  "webhook",
                  "active",
                  "created_at"
                ]
              },
              "SubscriptionList": {
                "type": "object",
                "properties": {
                  "subscriptions": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Subscription"
                    }
                  }
                },
                "required": [
                  "subscriptions"
                ]
              },
              "Outcome": {
                "type": "object",
                "properties": {
                  "exit_reason": {
                    "type": "string",
                    "enum": [
                      "take_profit",
                      "stop",
                      "timeout"
                    ]
                  },
                  "exit_time": {
                    "type": "string"
                  },
                  "exit_price": {
                    "type": "number"
                  },
                  "realized_return": {
                    "type": "number"
                  },
                  "mfe": {
                    "type": "number"
                  },
                  "mae": {
                    "type": "number"
                  },
                  "label": {
                    "type": "integer"
                  },
                  "resolved_at": {
                    "type": "string"
                  },
                  "net_return_pct": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "net_r": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "entry_price": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "stop_level": {
                    "type": [
                      "number",
                      "null"
                    ]
                  },
                  "take_profit_level": {
                    "type": [
                      "number",
                      "null"
                    ]
                  }
                },
                "required": [
                  "exit_reason",
                  "exit_time",
                  "exit_price",
                  "realized_return",
                  "mfe",
                  "mae",
                  "label",
                  "resolved_at",
                  "net_return_pct",
                  "net_r",
                  "entry_price",
                  "stop_level",
                  "take_profit_level"
                ]
              },
              "FeedItem": {
                "type": "object",
                "properties": {
                  "schema": {
                    "type": "string",
                    "enum": [
                      "alertsai.alert.v1"
                    ]
                  },
                  "delivery_id": {
                    "type": "integer"
                  },
                  "alert_id": {
                    "type": "string"
                  },
                  "model": {
                    "type": "object",
                    "properties": {
                      "name": {
                        "type": "string"
                      },
                      "version": {
                        "type": "integer"
                      },
                      "reference": {
                        "type": "string"
                      },
                      "spec_id": {
                        "type": "string"
                      },
                      "pack": {
                        "type": [
                          "string",
                          "null"
                        ]
                      }
                    },
                    "required": [
                      "name",
                      "version",
                      "reference",
                      "spec_id",
                      "pack"
                    ]
                  },
                  "symbol": {
                    "type": "string"
                  },
                  "market": {
                    "type": "string"
                  },
                  "instrument": {
                    "type": "string"
                  },
                  "strike": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "option alerts: the listed at-the-money strike (null otherwise)"
                  },
                  "expiry": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date",
                    "description": "option alerts: the listed expiry (exchange session date)"
                  },
                  "dte": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "description": "option alerts: calendar days from the signal's session to the expiry"
                  },
                  "timeframe": {
                    "type": "string"
                  },
                  "bar_time": {
                    "type": "string"
                  },
                  "created_at": {
                    "type": "string"
                  },
                  "side": {
                    "type": "string"
                  },
                  "score": {
                    "type": "number"
                  },
                  "threshold": {
                    "type": "number"
                  },
                  "regime": {
                    "type": "string"
                  },
                  "expected_return_pct": {
                    "type": "number"
                  },
                  "expected_r": {
                    "type": "number"
                  },
                  "plan": {
                    "type": "object",
                    "properties": {
                      "entry_rule": {
                        "type": "string"
                      },
                      "reference_price": {
                        "type": "number"
                      },
                      "stop_price": {
                        "type": "number"
                      },
                      "take_profit_price": {
                        "type": "number"
                      },
                      "stop_pct": {
                        "type": "number"
                      },
                      "take_profit_pct": {
                        "type": "number"
                      },
                      "max_hold_bars": {
                        "type": "integer"
                      },
                      "sizing_hint": {
                        "type": "number"
                      },
                      "hints": {
                        "type": "object"
                      },
                      "levels_from": {
                        "type": "string",
                        "enum": [
                          "entry"
                        ]
                      },
                      "round_trip_cost_pct": {
                        "type": "number"
                      }
                    },
                    "required": [
                      "entry_rule",
                      "reference_price",
                      "stop_price",
                      "take_profit_price",
                      "stop_pct",
                      "take_profit_pct",
                      "max_hold_bars",
                      "sizing_hint",
                      "hints",
                      "levels_from",
                      "round_trip_cost_pct"
                    ]
                  },
                  "reasons": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ScoreReason"
                    }
                  },
                  "explanation": {
                    "type": "string"
                  },
                  "disclaimer": {
                    "type": "string"
                  },
                  "outcome": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Outcome"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                },
                "required": [
                  "schema",
                  "delivery_id",
                  "alert_id",
                  "model",
                  "symbol",
                  "market",
                  "instrument",
                  "timeframe",
                  "bar_time",
                  "created_at",
                  "side",
                  "score",
                  "threshold",
                  "plan",
                  "reasons",
                  "explanation",
                  "disclaimer",
                  "outcome"
                ],
                "description": "The webhook body (`alertsai.alert.v1`) plus `outcome`."
              },
              "FeedPage": {
                "type": "object",
                "properties": {
                  "alerts": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/FeedItem"
                    }
                  },
                  "next_before": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  }
                },
                "required": [
                  "alerts",
                  "next_before"
                ]
              },
              "ModelList": {
                "type": "object",
                "properties": {
                  "models": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {
                        "name": {
                          "type": "string"
                        },
                        "published_version": {
                          "type": [
                            "integer",
                            "null"
                          ]
                        },
                        "latest_version": {
                          "type": "integer"
                        },
                        "versions": {
                          "type": "integer"
                        }
                      },
                      "required": [
                        "name",
                        "published_version",
                        "latest_version",
                        "versions"
                      ]
                    }
                  }
                },
                "required": [
                  "models"
                ]
              },
              "VersionSummary": {
                "type": "object",
                "properties": {
                  "version": {
                    "type": "integer"
                  },
                  "reference": {
                    "type": "string"
                  },
                  "spec_id": {
                    "type": "string"
                  },
                  "status": {
                    "type": "string",
                    "enum": [
                      "draft",
                      "published",
                      "unpublished"
                    ]
                  },
                  "created_at": {
                    "type": "string"
                  },
                  "updated_at": {
                    "type": "string"
                  },
                  "published_at": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "metrics": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "description": "headline figures of the newest training run (`oof_auc`, …)"
                  }
                },
                "required": [
                  "version",
                  "reference",
                  "spec_id",
                  "status",
                  "created_at",
                  "updated_at",
                  "published_at",
                  "metrics"
                ]
              },
              "ModelDetail": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "published_version": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  },
                  "latest_version": {
                    "type": "integer"
                  },
                  "versions": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/VersionSummary"
                    }
                  }
                },
                "required": [
                  "name",
                  "published_version",
                  "latest_version",
                  "versions"
                ]
              },
              "ModelSpec": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "string"
                  },
                  "name": {
                    "type": "string"
                  },
                  "version": {
                    "type": "integer"
                  },
                  "featureset": {
                    "$ref": "#/components/schemas/FeatureSetRef"
                  },
                  "label_cfg": {
                    "type": "object",
                    "properties": {
                      "labeler": {
                        "type": "string"
                      },
                      "instrument": {
                        "type": "string"
                      },
                      "timeframe": {
                        "type": "string"
                      },
                      "plan": {
                        "type": "object"
                      },
                      "strategy": {
                        "type": "string",
                        "description": "the strategy (name@vN) whose entries were the training events"
                      },
                      "entry": {
                        "type": "string",
                        "description": "the strategy's entry condition: live, only bars where it holds are scored"
                      }
                    },
                    "required": [
                      "labeler",
                      "instrument",
                      "timeframe",
                      "plan"
                    ]
                  },
                  "model_uri": {
                    "type": "string"
                  },
                  "artifact_digest": {
                    "type": "string"
                  },
                  "thresholds": {
                    "type": "object",
                    "properties": {
                      "alert": {
                        "type": "number"
                      },
                      "per_regime": {
                        "type": "object",
                        "additionalProperties": {
                          "type": "number"
                        },
                        "description": "regime label → threshold"
                      },
                      "expected_return": {
                        "type": "object"
                      }
                    },
                    "required": [
                      "alert",
                      "per_regime"
                    ]
                  },
                  "guardrails": {
                    "type": "object"
                  },
                  "scope": {
                    "type": "object",
                    "properties": {
                      "allow_presets": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        }
                      },
                      "allow_symbols": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        }
                      },
                      "filters": {
                        "type": "object"
                      }
                    },
                    "required": [
                      "allow_presets",
                      "allow_symbols",
                      "filters"
                    ]
                  },
                  "training_cfg": {
                    "description": "the resolved training configuration, keys as written"
                  },
                  "status": {
                    "type": "string",
                    "enum": [
                      "draft",
                      "published",
                      "unpublished"
                    ]
                  },
                  "created_at": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "updated_at": {
                    "type": "string",
                    "format": "date-time"
                  }
                },
                "required": [
                  "id",
                  "name",
                  "version",
                  "featureset",
                  "label_cfg",
                  "model_uri",
                  "artifact_digest",
                  "thresholds",
                  "guardrails",
                  "scope",
                  "training_cfg",
                  "status",
                  "created_at",
                  "updated_at"
                ],
                "description": "The registered spec in the wire form: the stored `ModelSpec` with every field name in snake_case; user data (training config, feature names, regime labels, filters) keeps its keys. New fields appear the same way."
              },
              "TrainingRun": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "string"
                  },
                  "model_spec_id": {
                    "type": "string"
                  },
                  "model_name": {
                    "type": "string"
                  },
                  "config": {
                    "description": "the training configuration, keys as written"
                  },
                  "data_fingerprint": {
                    "type": "string"
                  },
                  "code_version": {
                    "type": "string"
                  },
                  "seed": {
                    "type": "integer"
                  },
                  "metrics": {
                    "description": "full training metrics, keys as written"
                  },
                  "artifact_digest": {
                    "type": "string"
                  },
                  "status": {
                    "type": "string"
                  },
                  "started_at": {
                    "type": "integer"
                  },
                  "finished_at": {
                    "type": "integer"
                  }
                },
                "required": [
                  "id",
                  "model_name",
                  "config",
                  "data_fingerprint",
                  "code_version",
                  "seed",
                  "metrics",
                  "artifact_digest",
                  "status",
                  "started_at"
                ]
              },
              "VersionDetail": {
                "type": "object",
                "properties": {
                  "spec": {
                    "$ref": "#/components/schemas/ModelSpec"
                  },
                  "published_at": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "training_runs": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/TrainingRun"
                    }
                  }
                },
                "required": [
                  "spec",
                  "published_at",
                  "training_runs"
                ]
              },
              "PackList": {
                "type": "object",
                "properties": {
                  "packs": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": {
                        "name": {
                          "type": "string"
                        },
                        "description": {
                          "type": "string"
                        },
                        "status": {
                          "type": "string"
                        },
                        "components": {
                          "type": "array",
                          "items": {
                            "type": "object",
                            "properties": {
                              "role": {
                                "type": "string"
                              },
                              "model": {
                                "type": "string"
                              },
                              "version": {
                                "type": "integer"
                              },
                              "reference": {
                                "type": "string"
                              },
                              "spec_id": {
                                "type": "string"
                              },
                              "status": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "role",
                              "model",
                              "version",
                              "reference",
                              "spec_id",
                              "status"
                            ]
                          }
                        }
                      },
                      "required": [
                        "name",
                        "description",
                        "status",
                        "components"
                      ]
                    }
                  }
                },
                "required": [
                  "packs"
                ]
              },
              "RotateSecretRequest": {
                "type": "object",
                "properties": {
                  "overlap_hours": {
                    "anyOf": [
                      {
                        "type": "number",
                        "minimum": 0,
                        "maximum": 168
                      },
                      {
                        "type": "null"
                      }
                    ],
                    "description": "hours the previous secret still signs beside the new one; default 24"
                  }
                }
              },
              "RotatedSecret": {
                "type": "object",
                "properties": {
                  "endpoint_id": {
                    "type": "string"
                  },
                  "url": {
                    "type": "string"
                  },
                  "secret": {
                    "type": "string"
                  },
                  "previous_secret_valid_until": {
                    "type": [
                      "string",
                      "null"
                    ]
                  }
                },
                "required": [
                  "endpoint_id",
                  "url",
                  "secret",
                  "previous_secret_valid_until"
                ]
              },
              "Schedule": {
                "type": "object",
                "description": "A standing alert run after every closed bar (docs/OPERATIONS.md).",
                "required": [
                  "id",
                  "model",
                  "pack",
                  "universe",
                  "user_id",
                  "cohort",
                  "paused",
                  "created_by",
                  "created_at",
                  "last_enqueued_as_of"
                ],
                "properties": {
                  "id": {
                    "type": "string"
                  },
                  "model": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "pack": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "universe": {
                    "type": "string"
                  },
                  "user_id": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "the audience; null for the shared feed or a cohort"
                  },
                  "cohort": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "the cohort served instead of one user (`alertsai cohorts`)"
                  },
                  "paused": {
                    "type": "boolean"
                  },
                  "created_by": {
                    "type": "string"
                  },
                  "created_at": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "last_enqueued_as_of": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "the as_of of the last alert run the scheduler queued"
                  }
                }
              },
              "ScheduleList": {
                "type": "object",
                "required": [
                  "schedules"
                ],
                "properties": {
                  "schedules": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Schedule"
                    }
                  }
                }
              },
              "ScheduleRequest": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "universe"
                ],
                "description": "Exactly one of model and pack.",
                "properties": {
                  "model": {
                    "type": "string",
                    "minLength": 1,
                    "description": "a registered model name (its published version runs)"
                  },
                  "pack": {
                    "type": "string",
                    "minLength": 1,
                    "description": "a model pack name"
                  },
                  "universe": {
                    "$ref": "#/components/schemas/Universe"
                  },
                  "user_id": {
                    "type": "string",
                    "description": "the user the alerts are for; omitted: the shared feed"
                  },
                  "cohort": {
                    "type": "string",
                    "minLength": 1,
                    "description": "a cohort to serve instead of one user (not with user_id)"
                  }
                },
                "example": {
                  "model": "demo-swing-daily-us",
                  "universe": "preset:us-mega-30"
                }
              },
              "LiveModel": {
                "type": "object",
                "required": [
                  "model",
                  "published_version",
                  "versions"
                ],
                "properties": {
                  "model": {
                    "type": "string"
                  },
                  "published_version": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  },
                  "versions": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "live",
                        "status",
                        "per_regime"
                      ],
                      "properties": {
                        "status": {
                          "type": "string",
                          "description": "the version's registry status"
                        },
                        "live": {
                          "type": "object",
                          "description": "live figures against the version's promise (the same as /metrics exports)",
                          "required": [
                            "model",
                            "version",
                            "trades",
                            "days",
                            "precision",
                            "expectancy_pct",
                            "expectancy_r",
                            "statistics",
                            "status",
                            "significant",
                            "detail"
                          ],
                          "properties": {
                            "model": {
                              "type": "string"
                            },
                            "version": {
                              "type": "integer"
                            },
                            "trades": {
                              "type": "integer"
                            },
                            "days": {
                              "type": "integer"
                            },
                            "precision": {
                              "type": "object",
                              "description": "{value, low, high}: a figure and its 95 % interval (null when it cannot be measured)",
                              "properties": {
                                "value": {
                                  "type": [
                                    "number",
                                    "null"
                                  ]
                                },
                                "low": {
                                  "type": [
                                    "number",
                                    "null"
                                  ]
                                },
                                "high": {
                                  "type": [
                                    "number",
                                    "null"
                                  ]
                                }
                              }
                            },
                            "expectancy_pct": {
                              "type": "object",
                              "description": "{value, low, high}: a figure and its 95 % interval (null when it cannot be measured)",
                              "properties": {
                                "value": {
                                  "type": [
                                    "number",
                                    "null"
                                  ]
                                },
                                "low": {
                                  "type": [
                                    "number",
                                    "null"
                                  ]
                                },
                                "high": {
                                  "type": [
                                    "number",
                                    "null"
                                  ]
                                }
                              }
                            },
                            "expectancy_r": {
                              "type": "object",
                              "description": "{value, low, high}: a figure and its 95 % interval (null when it cannot be measured)",
                              "properties": {
                                "value": {
                                  "type": [
                                    "number",
                                    "null"
                                  ]
                                },
                                "low": {
                                  "type": [
                                    "number",
                                    "null"
                                  ]
                                },
                                "high": {
                                  "type": [
                                    "number",
                                    "null"
                                  ]
                                }
                              }
                            },
                            "statistics": {
                              "type": "object"
                            },
                            "promise": {
                              "type": [
                                "object",
                                "null"
                              ]
                            },
                            "status": {
                              "type": "string",
                              "enum": [
                                "within",
                                "below",
                                "above",
                                "too_few",
                                "no_promise"
                              ]
                            },
                            "significant": {
                              "type": "boolean"
                            },
                            "detail": {
                              "type": "string"
                            }
                          }
                        },
                        "per_regime": {
                          "type": "object",
                          "additionalProperties": {
                            "type": "object"
                          },
                          "description": "trade statistics of the resolved alerts per regime"
                        }
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "BadRequest": {
                "description": "Malformed JSON or a request the route cannot act on (the message names the field).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "Unauthorized": {
                "description": "No key, another scheme, or a key that is unknown or revoked.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "headers": {
                  "WWW-Authenticate": {
                    "required": true,
                    "schema": {
                      "type": "string"
                    },
                    "description": "`Bearer realm=\"alertsai\"`"
                  }
                }
              },
              "Forbidden": {
                "description": "The key lacks the operation's scope (the message names it), or a service key on a user route.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "NotFound": {
                "description": "Unknown model, pack, version, universe or subscription (named), or no such route.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "Conflict": {
                "description": "A request with the same `Idempotency-Key` is still being answered, or a conflicting write.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "ContentTooLarge": {
                "description": "A body over `serve.max_body_bytes`, or more rows or symbols than `serve.max_batch`.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "UnsupportedMediaType": {
                "description": "A body whose `Content-Type` is not `application/json` (or `application/…+json`).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "UnprocessableContent": {
                "description": "A value out of bounds (instants outside 1970…2100, symbols, names, page sizes), naming the field.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "TooManyRequests": {
                "description": "A key or a client address over its rate, or an address that failed authentication too often.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "headers": {
                  "Retry-After": {
                    "required": true,
                    "schema": {
                      "type": "string",
                      "pattern": "^[0-9]+$"
                    },
                    "description": "seconds to wait"
                  }
                }
              },
              "ServiceUnavailable": {
                "description": "The store does not answer.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        }
        """##
}

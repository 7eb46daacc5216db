using System.ComponentModel.DataAnnotations;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Idempotency;
using Leercultuur.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Leercultuur.ServiceDefaults.OpenApi;

/// <summary>
/// An OpenAPI 3.0 document per API that says exactly what the server does, for client generators and
/// for the NL API Design Rules linter: the API's own base as server, every status an operation can
/// answer with its problem schema, the headers that matter (API-Version, ETag, Location, Retry-After,
/// If-Match, Idempotency-Key), the bearer scheme and the roles per operation.
/// </summary>
public static class OpenApiExtensions
{
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddLeercultuurOpenApi(this IServiceCollection services, ApiDescriptor api, IConfiguration configuration)
    {
        var contact = new ContactOptions();
        configuration.GetSection(ContactOptions.Section).Bind(contact);
        services.AddOpenApi(api.Name, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            options.ShouldInclude = description => description.GroupName == api.Name;
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document, api, contact);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                Describe(operation, context);
                await DocumentBody(operation, context, cancellationToken);
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                Describe(schema, context);
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, _, _) =>
            {
                // Merge-patch bodies are read as JsonNode and documented as their patch record instead
                // (DocumentedBodyMetadata); the raw JsonNode schema is then used by nothing.
                document.Components?.Schemas?.Remove("JsonNode");
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary><c>{base}/openapi.json</c> per API, for example <c>/scans/v1/openapi.json</c>.</summary>
    public static IEndpointRouteBuilder MapLeercultuurOpenApi(this IEndpointRouteBuilder endpoints, IEnumerable<ApiDescriptor> apis)
    {
        // The route must hold {documentName}; one route per major version in use serves every API of it.
        foreach (var major in apis.Select(api => api.MajorVersion).Distinct())
        {
            endpoints.MapOpenApi($"/{{documentName}}/v{major}/openapi.json").AllowAnonymous();
        }

        return endpoints;
    }

    private static void Describe(OpenApiDocument document, ApiDescriptor api, ContactOptions contact)
    {
        document.Info = new OpenApiInfo
        {
            Title = api.Title,
            Version = api.Version,
            Description = api.Description,
            Contact = new OpenApiContact { Name = contact.Name, Email = contact.Email, Url = new Uri(contact.Url) },
        };

        // The API's own base with its major version; paths are relative to it.
        document.Servers = [new OpenApiServer { Url = api.BasePath, Description = $"{api.Title}, major version {api.MajorVersion}" }];
        var paths = new OpenApiPaths();
        foreach (var (path, item) in document.Paths)
        {
            paths[path.StartsWith(api.BasePath, StringComparison.Ordinal) ? path[api.BasePath.Length..] : path] = item;
        }

        document.Paths = paths;
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An OAuth 2.0 access token (client credentials for integrations) from the configured identity provider, with a roles claim (admin, programme, analyst) and, for a programme, a programme claim.",
        };
    }

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? "GET";
        var tagged = metadata.OfType<EntityTagMetadata>().Any();
        operation.Description ??= operation.Summary;
        operation.Parameters ??= [];
        if (HttpMethods.IsHead(method))
        {
            // GET and HEAD share one endpoint and its name; an operation id is unique per document.
            operation.OperationId = operation.OperationId is { } id ? $"{id}Head" : null;
            operation.Summary = $"Headers only: {operation.Summary}";
            operation.Description = $"The GET's status and headers without its body. {operation.Description}";
        }

        if (StandardResponses.RequiresToken(metadata))
        {
            var roles = StandardResponses.Capabilities(metadata).SelectMany(Capabilities.RolesFor).Distinct().ToList();
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            operation.Description += roles.Count > 0 ? $" Roles: {string.Join(", ", roles)}." : " Any valid token.";
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-roles"] = new JsonNodeExtension(new System.Text.Json.Nodes.JsonArray(roles.Select(r => (System.Text.Json.Nodes.JsonNode)r!).ToArray()));
        }
        else if (metadata.OfType<OptionalTokenMetadata>().LastOrDefault() is { } optional)
        {
            var roles = Capabilities.RolesFor(optional.Capability);
            operation.Security =
            [
                new OpenApiSecurityRequirement(),
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
            ];
            operation.Description += $" Open without a token; {optional.Use} needs a token with one of the roles {string.Join(", ", roles)}.";
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-roles"] = new JsonNodeExtension(new System.Text.Json.Nodes.JsonArray(roles.Select(r => (System.Text.Json.Nodes.JsonNode)r!).ToArray()));
        }
        else
        {
            operation.Description += " Open: no token needed.";
        }

        if (tagged && HttpMethods.IsGet(method))
        {
            operation.Parameters.Add(Header("If-None-Match", "An ETag this client holds: 304 when it is still the current version.", required: false));
            operation.Responses ??= [];
            operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: the version named in If-None-Match is current." };
        }

        if (tagged && HttpMethods.IsPatch(method))
        {
            operation.Parameters.Add(Header("If-Match", "The ETag of the version this change applies to; without it 428, with an older one 412.", required: true));
        }

        if (metadata.OfType<IdempotentMetadata>().Any())
        {
            operation.Parameters.Add(Header(
                IdempotencyFilter<object>.Header,
                $"1 to {IdempotencyFilter<object>.MaxKeyLength} visible ASCII characters: a repeat with the same key and body gets the first answer again; another body is a 422; when what it created was erased since, a 410.",
                required: false,
                pattern: $"^[!-~]{{1,{IdempotencyFilter<object>.MaxKeyLength}}}$"));
        }

        MarkRequiredParameters(operation, context);
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers[Http.ApiVersionHeaderMiddleware.HeaderName] = ResponseHeader("The full version of the API that answered.", JsonSchemaType.String);
            switch (status)
            {
                case "201":
                    concrete.Headers["Location"] = ResponseHeader("Where the new resource is.", JsonSchemaType.String);
                    break;
                case "401" or "403":
                    concrete.Headers["WWW-Authenticate"] = ResponseHeader("The bearer challenge (RFC 6750).", JsonSchemaType.String);
                    break;
                case "429":
                    concrete.Description = "Too many requests from this client; send again after Retry-After.";
                    concrete.Headers["Retry-After"] = ResponseHeader("Seconds to wait before sending again.", JsonSchemaType.Integer);
                    break;
                case "503":
                    concrete.Description = "The service cannot reach its database right now; send the same request again after Retry-After.";
                    concrete.Headers["Retry-After"] = ResponseHeader("Seconds to wait before sending the request again.", JsonSchemaType.Integer);
                    break;
            }

            if (tagged && status is "200" or "201" or "304")
            {
                concrete.Headers["ETag"] = ResponseHeader("The version of the resource, for If-None-Match and If-Match.", JsonSchemaType.String);
            }
        }
    }

    // A body the handler reads raw is documented with the shape it accepts (see DocumentedBodyMetadata).
    private static async Task DocumentBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedBodyMetadata>().LastOrDefault() is not { } body ||
            operation.RequestBody?.Content is not { } content)
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(body.BodyType, null, cancellationToken);
        if (operation.RequestBody is OpenApiRequestBody concrete)
        {
            concrete.Required = true;
        }

        foreach (var media in content.Values)
        {
            media.Schema = schema;
        }
    }

    // [Required] on a handler's parameter: the handler refuses a request without it (in its own words), so the
    // document says it is required; [AllowedList] gives its enum.
    private static void MarkRequiredParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            var info = (description.ParameterDescriptor as Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor)?.ParameterInfo;
            if (info is null || operation.Parameters?.FirstOrDefault(p => p.Name == description.Name) is not OpenApiParameter parameter)
            {
                continue;
            }

            if (info.GetCustomAttributes(typeof(RequiredAttribute), false).Length > 0)
            {
                parameter.Required = true;
            }

            if (info.GetCustomAttributes(typeof(AllowedListAttribute), false).OfType<AllowedListAttribute>().FirstOrDefault() is { } allowed &&
                parameter.Schema is OpenApiSchema schema)
            {
                schema.Enum = allowed.Values().ToList();
            }
        }
    }

    private static void Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        var type = context.JsonTypeInfo.Type;
        if (typeof(ProblemDetails).IsAssignableFrom(type))
        {
            // What every problem of ours carries besides RFC 9457's members.
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The trace of the request, for the operators." };
            if (type == typeof(ProblemDetails))
            {
                schema.Properties["existing"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "For a conflict with an existing resource the caller may see: its path." };

                // An operation may declare a plain problem for its 400; the answer still names the fields.
                schema.Properties["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "On a 400: per field (camelCase, or 'body'), what is wrong with it.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                };
            }
        }

        var attributes = context.JsonPropertyInfo?.AttributeProvider;
        if (attributes?.GetCustomAttributes(typeof(AllowedListAttribute), true).OfType<AllowedListAttribute>().FirstOrDefault() is { } allowed)
        {
            // On a list the values are its items'.
            var target = schema.Type is { } listType && listType.HasFlag(JsonSchemaType.Array) && schema.Items is OpenApiSchema items ? items : schema;
            target.Enum = allowed.Values().ToList();
        }

        if (attributes?.GetCustomAttributes(typeof(MaxPropertiesAttribute), true).OfType<MaxPropertiesAttribute>().FirstOrDefault() is { } maxProperties)
        {
            schema.MaxProperties = maxProperties.Maximum;
        }

        if (attributes?.IsDefined(typeof(UniqueItemsAttribute), true) == true)
        {
            schema.UniqueItems = true;
        }

        // A request member marked [Required] is never null, whatever its C# type says (nullable only so a
        // missing field is reported rather than defaulted). Answers keep their nulls: a record's members are
        // all present, and a nullable one may be null.
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (property.AttributeProvider?.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), true) == true
                && schema.Properties?.TryGetValue(property.Name, out var member) == true
                && member is OpenApiSchema concrete
                && concrete.Type is { } t)
            {
                concrete.Type = t & ~JsonSchemaType.Null;
            }
        }
    }

    private static OpenApiParameter Header(string name, string description, bool required, string? pattern = null) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = pattern },
    };

    private static OpenApiHeader ResponseHeader(string description, JsonSchemaType type) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = type },
    };
}

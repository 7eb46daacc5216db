using Leercultuur.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Leercultuur.ServiceDefaults.OpenApi;

public static class OpenApiExtensions
{
    /// <summary>An OpenAPI 3.0 document per API, holding only the endpoints of that API's group.</summary>
    public static IServiceCollection AddLeercultuurOpenApi(this IServiceCollection services, ApiDescriptor api)
    {
        services.AddOpenApi(api.Name, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            options.ShouldInclude = description => description.GroupName == api.Name;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = api.Title,
                    Version = api.Version,
                    Description = api.Description,
                };
                return Task.CompletedTask;
            });

            // NL API Design Rules: every response documents the API-Version header it carries; a 503
            // says when to try again.
            options.AddOperationTransformer((operation, _, _) =>
            {
                foreach (var (status, response) in operation.Responses ?? [])
                {
                    if (response is OpenApiResponse concrete)
                    {
                        concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                        concrete.Headers[Http.ApiVersionHeaderMiddleware.HeaderName] = new OpenApiHeader
                        {
                            Description = "The full version of the API that answered.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                        };
                        if (status == "503")
                        {
                            concrete.Description = "The service cannot reach its database right now; send the same request again after Retry-After.";
                            concrete.Headers["Retry-After"] = new OpenApiHeader
                            {
                                Description = "Seconds to wait before sending the request again.",
                                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                            };
                        }
                    }
                }

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
}

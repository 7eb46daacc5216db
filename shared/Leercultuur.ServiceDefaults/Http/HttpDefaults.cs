using System.Text.Json;
using System.Text.Json.Serialization;
using Leercultuur.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Leercultuur.ServiceDefaults.Http;

public static class HttpDefaults
{
    /// <summary>Largest request body any endpoint accepts; the largest real request (a scan response) is a few KB.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static WebApplicationBuilder AddLeercultuurHttp(this WebApplicationBuilder builder, IReadOnlyList<ApiDescriptor> apis)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });

        builder.Services.AddSingleton(new ApiCatalog(apis));
        builder.Services.Configure<JsonOptions>(options => Configure(options.SerializerOptions));

        // Binding failures throw, so that the exception handler can say what was wrong in problem details
        // instead of the framework answering a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        });
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        // Browsers on other origins are refused unless the operator names them (Http:Cors:Origins).
        var origins = builder.Configuration.GetSection("Http:Cors:Origins").Get<string[]>() ?? [];
        if (origins.Length > 0)
        {
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
                .WithOrigins(origins)
                .WithMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders("Authorization", "Content-Type", "Accept", "Accept-Language", "If-Match", "If-None-Match", "Idempotency-Key", "Respondent-Token", "Result-Token")
                .WithExposedHeaders("ETag", "Location", "Retry-After", ApiVersionHeaderMiddleware.HeaderName)));
        }

        AddForwardedHeaders(builder);
        return builder;
    }

    // Behind a gateway every request comes from the gateway's address: the per-address rate limit would
    // then be one bucket for all anonymous clients. Only the proxies the operator names are believed.
    private static void AddForwardedHeaders(WebApplicationBuilder builder)
    {
        const string Section = "Http:ForwardedHeaders";
        var proxies = builder.Configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = builder.Configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        if (proxies.Length == 0 && networks.Length == 0)
        {
            return;
        }

        var errors = proxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)).Select(p => $"The setting {Section}:KnownProxies must hold IP addresses: '{p}' is none.")
            .Concat(networks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)).Select(n => $"The setting {Section}:KnownNetworks must hold networks in CIDR notation (10.0.0.0/8): '{n}' is none."))
            .ToList();
        if (errors.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(Section, typeof(HttpDefaults), errors);
        }

        builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }

    /// <summary>lowerCamelCase names and enum values, and no silently ignored properties.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;

        // {"name":"a","name":"b"} is refused while reading (a 400), not left for a JsonObject to trip over.
        options.AllowDuplicateProperties = false;
    }

    public static WebApplication UseLeercultuurHttp(this WebApplication app)
    {
        if (app.Configuration.GetSection("Http:ForwardedHeaders").GetChildren().Any())
        {
            app.UseForwardedHeaders();
        }

        app.UseMiddleware<ApiVersionHeaderMiddleware>();
        app.UseMiddleware<HeadRequestMiddleware>();
        app.UseExceptionHandler();
        // Answers the framework gives without a body (no route, wrong method, wrong content type) as problems too.
        app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ProblemWriter.WriteAsync(context.HttpContext, 404, "Not found", "There is no resource at this address."),
            StatusCodes.Status405MethodNotAllowed => ProblemWriter.WriteAsync(context.HttpContext, 405, "Method not allowed", "This resource does not take this method."),
            StatusCodes.Status415UnsupportedMediaType => ProblemWriter.WriteAsync(context.HttpContext, 415, "Unsupported media type", "This operation takes application/json (a merge patch: application/merge-patch+json)."),
            var status => ProblemWriter.WriteAsync(context.HttpContext, status, "Request refused", $"The request was refused with status {status}."),
        });
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        if (app.Services.GetService<Microsoft.AspNetCore.Cors.Infrastructure.ICorsService>() is not null)
        {
            app.UseCors();
        }

        // A request with an Idempotency-Key is read twice: once to bind it, once to compare it with the first.
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(Idempotency.IdempotencyFilter<object>.Header))
            {
                context.Request.EnableBuffering();
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<AcceptableMiddleware>();
        return app;
    }
}

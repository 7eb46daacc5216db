using System.Text.Json;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Security;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Leercultuur.Reporting.Dashboard;

/// <summary>
/// The monitor dashboard at <c>/dashboard/</c>, outside the versioned API paths: static files and the
/// small config.json that tells the page where the APIs are and how to sign in. The page reads only the
/// public API, as any client; a content security policy keeps every request on the hosts named here.
/// </summary>
public static class DashboardApi
{
    public const string Path = "/dashboard";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints, ServiceDefaults.Hosting.ApiDescriptor api)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<DashboardOptions>>().Value;
        if (!options.Enabled)
        {
            return endpoints;
        }

        var assets = endpoints.ServiceProvider.GetRequiredService<DashboardAssets>();
        var catalog = endpoints.ServiceProvider.GetRequiredService<ApiCatalog>();
        var auth = endpoints.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value;
        var config = Config(options, auth, api, catalog);
        var policy = ContentSecurityPolicy(options, auth);

        endpoints.MapMethods(Path + "/config.json", ["GET", "HEAD"], (HttpContext context) => Serve(context, config, policy))
            .ExcludeFromDescription()
            .AllowAnonymous()
            .DisableRateLimiting()
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        endpoints.MapMethods(Path + "/{**file}", ["GET", "HEAD"], (HttpContext context, string? file) =>
            {
                // The folder itself is the page (its state is in the query); other names are its files. The
                // page's relative addresses need the folder's trailing slash.
                if (string.IsNullOrEmpty(file) && !context.Request.Path.Value!.EndsWith('/'))
                {
                    // Relative, so a proxy that publishes this host under a path prefix keeps it.
                    return Results.Redirect("dashboard/" + context.Request.QueryString, permanent: false);
                }

                var asset = assets.Find(string.IsNullOrEmpty(file) ? "index.html" : file);
                return asset is null
                    ? Problems.NotFound(assets.Present
                        ? $"The dashboard has no file '{file}'."
                        : "This build holds no dashboard files (Dashboard/web/dist was empty when it was built).")
                    : Serve(context, asset, policy);
            })
            .ExcludeFromDescription()
            .AllowAnonymous()
            .DisableRateLimiting()
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status200OK, contentType: "text/css")
            .Produces(StatusCodes.Status200OK, contentType: "text/javascript")
            .Produces(StatusCodes.Status200OK, contentType: "text/plain");
        return endpoints;
    }

    /// <summary>What the page needs to know of this host: API paths (relative where this host serves them) and the sign-in.</summary>
    public static DashboardAssets.Asset Config(DashboardOptions options, AuthOptions auth, ServiceDefaults.Hosting.ApiDescriptor api, ApiCatalog catalog)
    {
        string? Local(string name) => catalog.Apis.FirstOrDefault(a => a.Name == name) is { } local ? ".." + local.BasePath : null;
        var external = !string.IsNullOrWhiteSpace(auth.Authority);
        var mode = external ? (options.ClientId is null ? "none" : "oidc") : auth.Development.Enabled ? "development" : "none";
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            reportingApi = ".." + api.BasePath,
            scansApi = Local("scans") ?? options.ScansApi?.TrimEnd('/'),
            organisationsApi = Local("organisations") ?? options.OrganisationsApi?.TrimEnd('/'),
            signIn = new
            {
                mode,
                programmeRoles = Capabilities.RolesFor(Capabilities.IndicatorsReadProgramme),
                authority = mode == "oidc" ? auth.Authority : null,
                clientId = mode == "oidc" ? options.ClientId : null,
                scope = mode == "oidc" ? options.Scope : null,
                roleClaim = auth.RoleClaim,
                programmeClaim = auth.ProgrammeClaim,
            },
        });
        return new DashboardAssets.Asset("config.json", "application/json; charset=utf-8", body, null, "\"" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body))[..32] + "\"");
    }

    /// <summary>
    /// Scripts and style sheets from this host only; data from this host and the API hosts and identity
    /// provider the settings name; no frames. Style attributes are allowed: the chart library positions its
    /// tooltips with them (they cannot run code). Charts draw on canvas (data: images).
    /// </summary>
    public static string ContentSecurityPolicy(DashboardOptions options, AuthOptions auth)
    {
        var origins = new[] { options.ScansApi, options.OrganisationsApi, string.IsNullOrWhiteSpace(auth.Authority) ? null : auth.Authority }
            .Concat(options.ConnectOrigins)
            .Where(u => u is not null && Uri.TryCreate(u, UriKind.Absolute, out _))
            .Select(u => new Uri(u!).GetLeftPart(UriPartial.Authority))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        return "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; " +
               $"connect-src 'self' {string.Join(' ', origins)}".TrimEnd() + "; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    private static IResult Serve(HttpContext context, DashboardAssets.Asset asset, string policy)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";

        // Revalidated on every use: the files have no hashed names, and a new release must show at once.
        // The gzip body is another representation, so it has its own tag.
        var gzip = asset.Gzipped is not null && context.Request.GetTypedHeaders().AcceptEncoding.Any(e => string.Equals(e.Value.Value, "gzip", StringComparison.OrdinalIgnoreCase) && e.Quality != 0);
        var tag = gzip ? asset.Tag.Insert(asset.Tag.Length - 1, "-gz") : asset.Tag;
        headers.CacheControl = "no-cache";
        headers.ETag = tag;
        headers.Append(HeaderNames.Vary, "Accept-Encoding");
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Select(t => t.Trim()).Any(t => t == tag || t == "W/" + tag || t == "*")))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (gzip)
        {
            headers.ContentEncoding = "gzip";
        }

        return Results.Bytes(gzip ? asset.Gzipped! : asset.Body, asset.ContentType);
    }
}

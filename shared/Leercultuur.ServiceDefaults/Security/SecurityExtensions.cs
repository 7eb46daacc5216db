using Leercultuur.Data.Settings;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Leercultuur.ServiceDefaults.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// Bearer tokens (JWT) from the configured authority or the development key, a policy per
    /// capability, and, by default, a token for every endpoint: an endpoint is open only when it says so.
    /// </summary>
    public static WebApplicationBuilder AddLeercultuurSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedSettings<AuthOptions>(builder.Configuration, AuthOptions.Section);
        builder.Services.AddSingleton(sp => new DevelopmentTokens(sp.GetRequiredService<IOptions<AuthOptions>>().Value));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped(sp => Caller.From(
            sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new System.Security.Claims.ClaimsPrincipal(),
            sp.GetRequiredService<IOptions<AuthOptions>>().Value));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, IServiceProvider>((jwt, auth, services) => Configure(jwt, auth.Value, services));

        builder.Services.AddAuthorization();
        builder.Services.AddOptions<AuthorizationOptions>().Configure<IOptions<AuthOptions>>((options, auth) =>
        {
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            foreach (var (capability, roles) in Capabilities.Granted)
            {
                options.AddPolicy(capability, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                {
                    var caller = Caller.From(context.User, auth.Value);

                    // A programme role counts only with the programme it speaks for.
                    return roles.Any(role => caller.Roles.Contains(role) && (role != Roles.Programme || caller.ProgrammeId is not null));
                }));
            }
        });
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, IServiceProvider services)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateAudience = true,
            ValidAudience = auth.Audience,
            ValidateIssuer = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            RoleClaimType = auth.RoleClaim,
            NameClaimType = "sub",
        };

        if (!string.IsNullOrWhiteSpace(auth.Authority))
        {
            jwt.Authority = auth.Authority;
            jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            if (!string.IsNullOrWhiteSpace(auth.Issuer))
            {
                jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
            }
        }
        else
        {
            jwt.TokenValidationParameters.ValidIssuer = auth.Development.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKey = services.GetRequiredService<DevelopmentTokens>().ValidationKey;
        }

        jwt.Events = new JwtBearerEvents
        {
            // RFC 6750 challenges, with the answer as problem details in our own words; the token itself
            // and the validator's message (which can name claims) are never echoed.
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var invalid = context.AuthenticateFailure is not null;
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = invalid
                    ? "Bearer realm=\"leercultuur\", error=\"invalid_token\", error_description=\"The token is expired, not signed by the trusted issuer, or not for this API.\""
                    : "Bearer realm=\"leercultuur\"";
                await WriteProblemAsync(
                    context.HttpContext,
                    StatusCodes.Status401Unauthorized,
                    "Unauthorized",
                    invalid
                        ? "The bearer token is not valid: it is expired, not signed by the trusted issuer, or not issued for this API."
                        : "This operation needs a bearer token (Authorization: Bearer …).");
            },
            OnForbidden = async context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"leercultuur\", error=\"insufficient_scope\"";
                await WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "The token is valid, but its role does not allow this operation.");
            },
        };
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string title, string detail) =>
        Http.ProblemWriter.WriteAsync(context, status, title, detail);
}

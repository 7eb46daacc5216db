using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leercultuur.Organisations.Registration;

public static class OrganisationsApi
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapOrganisations(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        var group = endpoints.MapApiGroup(api, "organisations", "Organisations")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapPost("", Register)
            .WithName("RegisterOrganisation")
            .WithSummary("Register an organisation; publishes OrganisationRegistered.")
            .WithValidation<RegisterOrganisationRequest>()
            .RequireAuthorization(Capabilities.OrganisationsWrite)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("{id:guid}", Get)
            .WithName("GetOrganisation")
            .WithSummary("One organisation by id.")
            .RequireAuthorization(Capabilities.OrganisationsRead);
        group.MapGet("", List)
            .WithName("ListOrganisations")
            .WithSummary($"Organisations in registration order, a page at a time (pageSize at most {MaxPageSize}).")
            .RequireAuthorization(Capabilities.OrganisationsRead);
        return endpoints;
    }

    private static async Task<Results<Created<OrganisationResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterOrganisationRequest request,
        OrganisationRegistrar registrar,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var outcome = await registrar.RegisterAsync(request, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Created($"{context.Request.PathBase}{context.Request.Path}/{outcome.Value!.Id}", OrganisationResponse.From(outcome.Value)),
            OutcomeKind.Invalid => outcome.ToValidationProblem(),
            _ => outcome.ToProblem(),
        };
    }

    private static async Task<Results<Ok<OrganisationResponse>, ProblemHttpResult>> Get(Guid id, OrganisationRepository repository, CancellationToken cancellationToken)
    {
        var row = await repository.FindAsync(id, cancellationToken);
        return row is null
            ? Problems.NotFound($"No organisation with id {id}.")
            : TypedResults.Ok(OrganisationResponse.From(row));
    }

    private static async Task<Results<Ok<OrganisationPage>, ValidationProblem>> List(
        OrganisationRepository repository,
        CancellationToken cancellationToken,
        int page = 1,
        int pageSize = 20)
    {
        var errors = new ValidationErrors();
        errors.Require(page >= 1, "page", "page starts at 1.");
        errors.Require(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"pageSize is from 1 to {MaxPageSize}.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid");
        }

        var rows = await repository.ListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(new OrganisationPage(rows.Select(OrganisationResponse.From).ToList(), page, pageSize));
    }
}

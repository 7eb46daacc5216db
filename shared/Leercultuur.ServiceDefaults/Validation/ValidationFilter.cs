using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Leercultuur.ServiceDefaults.Validation;

/// <summary>Answers 400 with validation problem details before the handler runs when the request body is invalid.</summary>
public sealed class ValidationFilter<TRequest> : IEndpointFilter
    where TRequest : class, IValidatable
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
        var errors = new ValidationErrors();
        if (request is null)
        {
            errors.Add("body", "A JSON request body is required.");
        }
        else
        {
            request.Validate(errors);
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid");
        }

        return await next(context);
    }
}

public static class ValidationFilterExtensions
{
    public static RouteHandlerBuilder WithValidation<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : class, IValidatable =>
        builder.AddEndpointFilter<ValidationFilter<TRequest>>().ProducesValidationProblem();
}

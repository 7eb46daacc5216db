namespace Leercultuur.ServiceDefaults.Validation;

/// <summary>A request that can say what is wrong with it, per lowerCamelCase field name.</summary>
public interface IValidatable
{
    void Validate(ValidationErrors errors);
}

using System.ComponentModel;

namespace Leercultuur.ServiceDefaults.Http;

/// <summary>A page of a list: its items, the total that matches, and where the next page is (absent on the last).</summary>
public sealed record Page<T>(
    IReadOnlyList<T> Items,
    [property: Description("How many items match the filters, on every page together.")] long Total,
    [property: Description("The next page, or null on the last.")] string? Next);

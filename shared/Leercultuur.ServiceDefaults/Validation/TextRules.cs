namespace Leercultuur.ServiceDefaults.Validation;

/// <summary>
/// Free-text rules that mean the same in the OpenAPI document and on the server. JSON Schema counts a
/// string's length in code points and its <c>\s</c> differs per regex engine, so lengths here count
/// runes (not UTF-16 units) and "not blank" names its four characters instead of <c>\S</c>.
/// </summary>
public static class TextRules
{
    /// <summary>Holds a character other than a space, tab, carriage return or line feed (unanchored, as JSON Schema reads patterns).</summary>
    public const string NotBlankPattern = "[^ \\t\\r\\n]";

    private static readonly char[] Blanks = [' ', '\t', '\r', '\n'];

    /// <summary>Without leading and trailing blanks (the four of <see cref="NotBlankPattern"/>), so text that has text keeps some.</summary>
    public static string Tidy(string text) => text.Trim(Blanks);

    public static bool IsBlank(string text) => text.All(c => c is ' ' or '\t' or '\r' or '\n');

    /// <summary>The length JSON Schema's maxLength and minLength count: code points.</summary>
    public static int Length(string text) => text.EnumerateRunes().Count();

    /// <summary>Not blank, and at most <paramref name="maxLength"/> code points.</summary>
    public static bool HasText(string? text, int maxLength) => text is not null && !IsBlank(text) && Length(text) <= maxLength;

    /// <summary>Absent, or at most <paramref name="maxLength"/> code points.</summary>
    public static bool FitsIn(string? text, int maxLength) => text is null || Length(text) <= maxLength;
}

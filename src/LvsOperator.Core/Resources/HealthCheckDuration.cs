namespace LvsOperator.Core.Resources;

/// <summary>
/// The Go duration subset the CRD accepts (Gateway API's <c>Duration</c>): up to four parts of 1-5 digits and a
/// unit of h, m, s or ms, such as <c>5s</c>, <c>500ms</c> or <c>1m30s</c>. CEL's <c>duration()</c> reads the same text.
/// </summary>
public static class HealthCheckDuration
{
    /// <summary>The CRD's <c>pattern</c> for these fields.</summary>
    public const string Pattern = "^([0-9]{1,5}(h|m|s|ms)){1,4}$";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text)) return false;
        var rest = text.AsSpan();
        var total = TimeSpan.Zero;
        for (var parts = 0; rest.Length > 0; parts++)
        {
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits])) digits++;
            if (parts == 4 || digits is 0 or > 5) return false;
            var number = int.Parse(rest[..digits], provider: System.Globalization.CultureInfo.InvariantCulture);
            rest = rest[digits..];
            if (rest.StartsWith("ms")) { total += TimeSpan.FromMilliseconds(number); rest = rest[2..]; }
            else if (rest.StartsWith("h")) { total += TimeSpan.FromHours(number); rest = rest[1..]; }
            else if (rest.StartsWith("m")) { total += TimeSpan.FromMinutes(number); rest = rest[1..]; }
            else if (rest.StartsWith("s")) { total += TimeSpan.FromSeconds(number); rest = rest[1..]; }
            else return false;
        }

        duration = total;
        return true;
    }
}

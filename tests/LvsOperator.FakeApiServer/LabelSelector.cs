using System.Globalization;
using System.Text.RegularExpressions;

namespace LvsOperator.FakeApiServer;

/// <summary>
/// A parsed label selector with k8s.io/apimachinery/pkg/labels semantics: equality (=, ==, !=), sets (in, notin),
/// existence (key, !key) and numeric gt/lt (&gt;, &lt;); != and notin also match objects without the label.
/// </summary>
internal sealed partial class LabelSelector
{
    private readonly IReadOnlyList<Requirement> requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => this.requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEverything => requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => requirements.All(r => r.Matches(labels));

    /// <summary>Parses the selector; syntax and validation errors are 400 BadRequest, as the real list options decoding.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var tokens = new SelectorLexer(text);
        var requirements = new List<Requirement>();
        while (true)
        {
            requirements.Add(ParseRequirement(tokens));
            var next = tokens.Next();
            if (next.Kind == TokenKind.End)
            {
                return new LabelSelector(requirements);
            }

            if (next.Kind != TokenKind.Comma)
            {
                throw Error($"found '{next.Text}', expected: ',' or 'end of string'");
            }
        }
    }

    private static Requirement ParseRequirement(SelectorLexer tokens)
    {
        var first = tokens.Next();
        if (first.Kind == TokenKind.Not)
        {
            return new Requirement(Key(tokens.Next()), Operator.DoesNotExist, []);
        }

        var key = Key(first);
        var peek = tokens.Peek();
        if (peek.Kind is TokenKind.Comma or TokenKind.End)
        {
            return new Requirement(key, Operator.Exists, []);
        }

        var op = tokens.Next() switch
        {
            { Kind: TokenKind.Equals } => Operator.Equals,
            { Kind: TokenKind.NotEquals } => Operator.NotEquals,
            { Kind: TokenKind.Greater } => Operator.GreaterThan,
            { Kind: TokenKind.Less } => Operator.LessThan,
            { Kind: TokenKind.Identifier, Text: "in" } => Operator.In,
            { Kind: TokenKind.Identifier, Text: "notin" } => Operator.NotIn,
            var other => throw Error($"found '{other.Text}', expected: in, notin, =, ==, !=, gt, lt"),
        };
        var values = op is Operator.In or Operator.NotIn ? SetValues(tokens) : [SingleValue(tokens)];
        foreach (var value in values)
        {
            CheckValue(value);
        }

        if (op is Operator.GreaterThan or Operator.LessThan && !long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw Error($"for 'Gt', 'Lt' operators, the value must be an integer");
        }

        return new Requirement(key, op, values);
    }

    private static string SingleValue(SelectorLexer tokens)
    {
        var peek = tokens.Peek();
        if (peek.Kind is TokenKind.Comma or TokenKind.End)
        {
            return "";
        }

        var token = tokens.Next();
        return token.Kind == TokenKind.Identifier ? token.Text : throw Error($"found '{token.Text}', expected: identifier");
    }

    private static List<string> SetValues(SelectorLexer tokens)
    {
        if (tokens.Next().Kind != TokenKind.OpenParen)
        {
            throw Error("found '', expected: '('");
        }

        var values = new List<string>();
        while (true)
        {
            var token = tokens.Next();
            switch (token.Kind)
            {
                case TokenKind.Identifier:
                    values.Add(token.Text);
                    break;
                case TokenKind.Comma when values.Count == 0:
                case TokenKind.Comma when tokens.Peek().Kind is TokenKind.Comma or TokenKind.CloseParen:
                    values.Add("");
                    break;
                case TokenKind.Comma:
                    continue;
                case TokenKind.CloseParen when values.Count > 0:
                    return values;
                default:
                    throw Error($"found '{token.Text}', expected: ',', ')' or identifier");
            }
        }
    }

    private static string Key(SelectorToken token)
    {
        if (token.Kind != TokenKind.Identifier)
        {
            throw Error($"found '{token.Text}', expected: identifier");
        }

        var slash = token.Text.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? "" : token.Text[..slash];
        var name = slash < 0 ? token.Text : token.Text[(slash + 1)..];
        var prefixValid = slash < 0 || (prefix.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(prefix));
        if (!prefixValid || name.Length is 0 or > 63 || !QualifiedNamePart().IsMatch(name))
        {
            throw Error($"key: Invalid value: \"{token.Text}\": name part must consist of alphanumeric characters, '-', '_' or '.', " +
                        "and must start and end with an alphanumeric character");
        }

        return token.Text;
    }

    private static void CheckValue(string value)
    {
        if (value.Length > 63 || (value.Length > 0 && !QualifiedNamePart().IsMatch(value)))
        {
            throw Error($"values[0]: Invalid value: \"{value}\": a valid label must be an empty string or consist of alphanumeric characters, " +
                        "'-', '_' or '.', and must start and end with an alphanumeric character");
        }
    }

    private static ApiException Error(string detail) => ApiErrors.BadRequest($"unable to parse requirement: {detail}");

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    private enum Operator { Exists, DoesNotExist, Equals, NotEquals, In, NotIn, GreaterThan, LessThan }

    private sealed record Requirement(string Key, Operator Op, IReadOnlyList<string> Values)
    {
    public bool Matches(IReadOnlyDictionary<string, string> labels)
        {
            var has = labels.TryGetValue(Key, out var value);
            return Op switch
            {
                Operator.Exists => has,
                Operator.DoesNotExist => !has,
                Operator.Equals or Operator.In => has && Values.Contains(value),
                Operator.NotEquals or Operator.NotIn => !has || !Values.Contains(value),
                Operator.GreaterThan => has && long.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > long.Parse(Values[0], CultureInfo.InvariantCulture),
                Operator.LessThan => has && long.TryParse(value, CultureInfo.InvariantCulture, out var m) && m < long.Parse(Values[0], CultureInfo.InvariantCulture),
                _ => false,
            };
        }
    }
}

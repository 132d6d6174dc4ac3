namespace LvsOperator.FakeApiServer;

internal enum TokenKind { Identifier, Comma, Equals, NotEquals, Not, OpenParen, CloseParen, Greater, Less, End }

internal readonly record struct SelectorToken(TokenKind Kind, string Text);

/// <summary>The label selector lexer: identifiers run until whitespace or one of <c>,=!()&lt;&gt;</c>.</summary>
internal sealed class SelectorLexer(string text)
{
    private int position;
    private SelectorToken? peeked;

    public SelectorToken Peek() => peeked ??= Read();

    public SelectorToken Next()
    {
        var token = Peek();
        peeked = null;
        return token;
    }

    private SelectorToken Read()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        if (position >= text.Length)
        {
            return new(TokenKind.End, "");
        }

        var c = text[position];
        var twoChar = position + 1 < text.Length ? text.Substring(position, 2) : "";
        (TokenKind Kind, int Length)? special = c switch
        {
            ',' => (TokenKind.Comma, 1),
            '(' => (TokenKind.OpenParen, 1),
            ')' => (TokenKind.CloseParen, 1),
            '>' => (TokenKind.Greater, 1),
            '<' => (TokenKind.Less, 1),
            '=' when twoChar == "==" => (TokenKind.Equals, 2),
            '=' => (TokenKind.Equals, 1),
            '!' when twoChar == "!=" => (TokenKind.NotEquals, 2),
            '!' => (TokenKind.Not, 1),
            _ => null,
        };
        if (special is { } s)
        {
            var token = new SelectorToken(s.Kind, text.Substring(position, s.Length));
            position += s.Length;
            return token;
        }

        var start = position;
        while (position < text.Length && !char.IsWhiteSpace(text[position]) && ",=!()<>".IndexOf(text[position], StringComparison.Ordinal) < 0)
        {
            position++;
        }

        return new(TokenKind.Identifier, text[start..position]);
    }
}

using System.Globalization;
using System.Text;

namespace Tributary.Generation.Internal.Expressions;

/// <summary>
/// Parses the formula and rule language used by Mockaroo schemas, the subset Tributary supports:
/// numbers, 'text' or "text", true/false/nil, <c>field('Name')</c> (or a bare column name), <c>round(x, n)</c>,
/// parentheses, <c>+ - * / %</c>, <c>== != &lt; &lt;= &gt; &gt;=</c>, <c>&amp;&amp; and || or ! not</c>.
/// Throws <see cref="FormatException"/> with the reason and position.
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private readonly Func<string, int> _resolveField;
    private int _position;

    private ExpressionParser(string text, Func<string, int> resolveField)
    {
        _text = text;
        _resolveField = resolveField;
    }

    /// <param name="text">The expression.</param>
    /// <param name="resolveField">Maps a column name to its slot; throws <see cref="FormatException"/> for an unknown or later column.</param>
    public static Expression Parse(string text, Func<string, int> resolveField)
    {
        var parser = new ExpressionParser(text, resolveField);
        var expression = parser.ParseOr();
        parser.SkipSpace();
        if (parser._position < text.Length)
        {
            throw parser.Error($"unexpected '{text[parser._position..]}'");
        }

        return expression;
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (TryKeyword("||") || TryWord("or"))
        {
            left = new BinaryExpression(BinaryOperator.Or, left, ParseAnd());
        }

        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (TryKeyword("&&") || TryWord("and"))
        {
            left = new BinaryExpression(BinaryOperator.And, left, ParseNot());
        }

        return left;
    }

    private Expression ParseNot()
    {
        SkipSpace();
        if ((Peek('!') && !PeekAt(1, '=')) || TryWord("not"))
        {
            if (Peek('!'))
            {
                _position++;
            }

            return new UnaryExpression(logicalNot: true, ParseNot());
        }

        return ParseComparison();
    }

    private Expression ParseComparison()
    {
        var left = ParseAdditive();
        BinaryOperator? op = TryKeyword("==") ? BinaryOperator.Equal
            : TryKeyword("!=") ? BinaryOperator.NotEqual
            : TryKeyword("<=") ? BinaryOperator.LessOrEqual
            : TryKeyword(">=") ? BinaryOperator.GreaterOrEqual
            : TryKeyword("<") ? BinaryOperator.Less
            : TryKeyword(">") ? BinaryOperator.Greater
            : null;
        if (op is null)
        {
            SkipSpace();
            if (Peek('=') && !PeekAt(1, '='))
            {
                throw Error("'=' is assignment; compare with '=='");
            }

            return left;
        }

        var right = ParseAdditive();
        if (op is BinaryOperator.Equal or BinaryOperator.NotEqual)
        {
            var negate = op == BinaryOperator.NotEqual;
            if (left is FieldExpression field && right is LiteralExpression { Value.Kind: ValueKind.Text } literal)
            {
                return new TextEqualsExpression(field.Slot, literal.Value.Text!, negate);
            }

            if (right is FieldExpression field2 && left is LiteralExpression { Value.Kind: ValueKind.Text } literal2)
            {
                return new TextEqualsExpression(field2.Slot, literal2.Value.Text!, negate);
            }
        }

        return new BinaryExpression(op.Value, left, right);
    }

    private Expression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            if (TryKeyword("+"))
            {
                left = new BinaryExpression(BinaryOperator.Add, left, ParseMultiplicative());
            }
            else if (TryKeyword("-"))
            {
                left = new BinaryExpression(BinaryOperator.Subtract, left, ParseMultiplicative());
            }
            else
            {
                return left;
            }
        }
    }

    private Expression ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            if (TryKeyword("*"))
            {
                left = new BinaryExpression(BinaryOperator.Multiply, left, ParseUnary());
            }
            else if (TryKeyword("/"))
            {
                left = new BinaryExpression(BinaryOperator.Divide, left, ParseUnary());
            }
            else if (TryKeyword("%"))
            {
                left = new BinaryExpression(BinaryOperator.Modulo, left, ParseUnary());
            }
            else
            {
                return left;
            }
        }
    }

    private Expression ParseUnary() => TryKeyword("-") ? new UnaryExpression(logicalNot: false, ParseUnary()) : ParsePrimary();

    private Expression ParsePrimary()
    {
        SkipSpace();
        if (_position >= _text.Length)
        {
            throw Error("the expression ends too early");
        }

        var c = _text[_position];
        if (c == '(')
        {
            _position++;
            var inner = ParseOr();
            Expect(')');
            return inner;
        }

        if (c is '\'' or '"')
        {
            return new LiteralExpression(ExpressionValue.Of(ReadString()));
        }

        if (char.IsAsciiDigit(c) || (c == '.' && PeekAt(1, '0', '9')))
        {
            var start = _position;
            while (_position < _text.Length && (char.IsAsciiDigit(_text[_position]) || _text[_position] == '.'))
            {
                _position++;
            }

            if (!decimal.TryParse(_text.AsSpan(start, _position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                throw Error($"'{_text[start.._position]}' is not a number");
            }

            return new LiteralExpression(ExpressionValue.Of(number));
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            var start = _position;
            var word = ReadWord();
            switch (word)
            {
                case "true":
                    return new LiteralExpression(ExpressionValue.Of(true));
                case "false":
                    return new LiteralExpression(ExpressionValue.Of(false));
                case "nil" or "null":
                    return new LiteralExpression(ExpressionValue.Null);
                case "field":
                    {
                        Expect('(');
                        SkipSpace();
                        if (_position >= _text.Length || _text[_position] is not ('\'' or '"'))
                        {
                            throw Error("field(...) takes a quoted column name");
                        }

                        var at = _position;
                        var name = ReadString();
                        Expect(')');
                        return new FieldExpression(Resolve(name, at));
                    }

                case "round":
                    {
                        Expect('(');
                        var operand = ParseOr();
                        var decimals = 0;
                        if (TryKeyword(","))
                        {
                            SkipSpace();
                            var digits = ReadWhile(char.IsAsciiDigit);
                            if (digits.Length == 0 || !int.TryParse(digits, CultureInfo.InvariantCulture, out decimals) || decimals > 28)
                            {
                                throw Error("round(x, n) needs n as a whole number from 0 to 28");
                            }
                        }

                        Expect(')');
                        return new RoundExpression(operand, decimals);
                    }

                default:
                    SkipSpace();
                    if (Peek('('))
                    {
                        _position = start;
                        throw Error($"the function '{word}' is not supported (supported: field, round)");
                    }

                    return new FieldExpression(Resolve(word, start));
            }
        }

        throw Error($"unexpected '{c}'");
    }

    private int Resolve(string name, int at)
    {
        try
        {
            return _resolveField(name);
        }
        catch (FormatException ex)
        {
            _position = at;
            throw Error(ex.Message);
        }
    }

    private string ReadString()
    {
        var quote = _text[_position++];
        var builder = new StringBuilder();
        while (_position < _text.Length && _text[_position] != quote)
        {
            if (_text[_position] == '\\' && _position + 1 < _text.Length)
            {
                _position++;
            }

            builder.Append(_text[_position++]);
        }

        if (_position >= _text.Length)
        {
            throw Error("a string is not closed");
        }

        _position++;
        return builder.ToString();
    }

    private string ReadWord() => ReadWhile(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.');

    private string ReadWhile(Func<char, bool> predicate)
    {
        var start = _position;
        while (_position < _text.Length && predicate(_text[_position]))
        {
            _position++;
        }

        return _text[start.._position];
    }

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _position, keyword, 0, keyword.Length) == 0)
        {
            _position += keyword.Length;
            return true;
        }

        return false;
    }

    private bool TryWord(string word)
    {
        SkipSpace();
        var end = _position + word.Length;
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) == 0
            && (end >= _text.Length || !(char.IsAsciiLetterOrDigit(_text[end]) || _text[end] == '_')))
        {
            _position = end;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (!Peek(c))
        {
            throw Error($"expected '{c}'");
        }

        _position++;
    }

    private bool Peek(char c) => _position < _text.Length && _text[_position] == c;

    private bool PeekAt(int offset, char c) => _position + offset < _text.Length && _text[_position + offset] == c;

    private bool PeekAt(int offset, char low, char high) =>
        _position + offset < _text.Length && _text[_position + offset] >= low && _text[_position + offset] <= high;

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private FormatException Error(string reason) => new($"{reason} (at character {_position + 1} of \"{_text}\")");
}

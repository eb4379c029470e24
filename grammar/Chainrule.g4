// The chainrule language (the README's "The language" and "Indexed programs"). Free-form: newlines
// are white space, because every statement starts with a keyword or with a name followed by '=',
// '(' or '[' and so needs no terminator; ';' may separate statements on one line. Precedence is the order of the alternatives of `expr`.
grammar Chainrule;

program
    : (statement | ';')* EOF
    ;

// One statement alone. After a syntax error the file is cut into statements, and each is parsed
// again by itself, so that every statement's first error is reported (see SyntaxErrors).
singleStatement
    : statement EOF
    ;

statement
    : INPUT arrayNames                             # InputDecl
    | DIM sizes                                    # DimDecl
    | WRT names                                    # WrtDecl
    | OUTPUT names                                 # OutputDecl
    | ID '(' names? ')' '=' expr                   # FunctionDef
    | ID subscripts? '=' expr (FOR binders)?       # Assignment
    ;

names
    : ID (',' ID)*
    ;

// `input x[n], W[m, n], b`: scalars and arrays; each dimension is checked to be a size or a literal
arrayNames
    : arrayName (',' arrayName)*
    ;

arrayName
    : ID subscripts?
    ;

// `dim n, d = 784`: sizes given at call time, or fixed in the program
sizes
    : size (',' size)*
    ;

size
    : ID ('=' expr)?
    ;

subscripts
    : '[' args ']'
    ;

// A call with `for` after its argument is a reduction, `sum(x[i] for i)`: one rule for both, so
// that the parser decides after the arguments, not by looking ahead through them.

// `i in 0..n, j in i+1..n`, or `i` alone (its range inferred from what it indexes)
binders
    : binder (',' binder)*
    ;

binder
    : ID (IN expr '..' expr)?
    ;

expr
    : <assoc=right> expr op=('^' | '**') expr      # Power
    | op=('-' | '+') expr                          # Unary
    | expr op=('*' | '/') expr                     # Multiplicative
    | expr op=('+' | '-') expr                     # Additive
    | expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') expr   # Comparison
    | op='!' expr                                  # Not
    | expr op='&&' expr                            # And
    | expr op='||' expr                            # Or
    | name=(ID | IF) '(' args? (FOR binders)? ')'  # Call
    | ID subscripts                                # Index
    | ID                                           # Name
    | NUMBER                                       # Number
    | '(' expr ')'                                 # Parens
    ;

args
    : expr (',' expr)*
    ;

// Punctuation has names so that error messages can tell the tokens apart by type.
LPAREN : '(' ;
RPAREN : ')' ;
COMMA  : ',' ;
SEMI   : ';' ;
ASSIGN : '=' ;
LBRACK : '[' ;
RBRACK : ']' ;
DOTDOT : '..' ;
POW    : '**' ;
CARET  : '^' ;
PLUS   : '+' ;
MINUS  : '-' ;
STAR   : '*' ;
SLASH  : '/' ;
LE     : '<=' ;
LT     : '<' ;
GE     : '>=' ;
GT     : '>' ;
EQ     : '==' ;
NE     : '!=' ;
NOT    : '!' ;
AND    : '&&' ;
OR     : '||' ;

INPUT  : 'input' ;
OUTPUT : 'output' ;
WRT    : 'wrt' ;
IF     : 'if' ;
DIM    : 'dim' ;
FOR    : 'for' ;
IN     : 'in' ;

ID     : [A-Za-z_] [A-Za-z0-9_]* ;
// `2.` is a number, but in `0..n` the `0` is followed by the range's `..`
NUMBER : DIGITS ('.' DIGITS | '.' {_input.LA(1) != '.'}?)? EXPONENT?
       | '.' DIGITS EXPONENT?
       ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

COMMENT    : ('#' | '//') ~[\r\n]* -> skip ;
WHITESPACE : [ \t\r\n\f]+ -> skip ;

// Anything else becomes one token the parser cannot use, so that it is reported as a syntax
// error with a position rather than by the lexer's own console listener.
UNKNOWN : . ;

// The chainrule language (SPEC §1). Free-form: newlines are white space, because every statement
// starts with a keyword or with a name followed by '=' or '(' and so needs no terminator; ';' may
// separate statements on one line. Precedence is the order of the alternatives of `expr`.
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
    : INPUT names                                  # InputDecl
    | WRT names                                    # WrtDecl
    | OUTPUT names                                 # OutputDecl
    | ID '(' names? ')' '=' expr                   # FunctionDef
    | ID '=' expr                                  # Assignment
    ;

names
    : ID (',' ID)*
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
    | name=(ID | IF) '(' args? ')'                 # Call
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

ID     : [A-Za-z_] [A-Za-z0-9_]* ;
NUMBER : DIGITS ('.' DIGITS?)? EXPONENT?
       | '.' DIGITS EXPONENT?
       ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

COMMENT    : ('#' | '//') ~[\r\n]* -> skip ;
WHITESPACE : [ \t\r\n\f]+ -> skip ;

// Anything else becomes one token the parser cannot use, so that it is reported as a syntax
// error with a position rather than by the lexer's own console listener.
UNKNOWN : . ;

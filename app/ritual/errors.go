package ritual

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrInvalid marks every error caused by what the user (or a stored value)
// said, as opposed to a failure of the machine. Callers test for it with
// errors.Is and show the message as it is: it is written for people.
var ErrInvalid = errors.New("invalid")

// InvalidError names the field that is wrong and says what to do about it.
type InvalidError struct {
	Field   string
	Problem string
}

func (e *InvalidError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Problem) }

// Is makes errors.Is(err, ErrInvalid) true for every InvalidError.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, problem string) error { return &InvalidError{Field: field, Problem: problem} }

// MaxTextLength is the longest text any entry accepts, in characters. It keeps
// one runaway paste from filling the browser's storage.
const MaxTextLength = 2000

// checkText returns an error when text is empty or too long for field.
func checkText(field, text string) error {
	if text == "" {
		return invalid(field, "is empty: write a few words, or skip this step")
	}
	return checkOptionalText(field, text)
}

// checkOptionalText allows an empty text but still refuses an overlong one.
func checkOptionalText(field, text string) error {
	if n := utf8.RuneCountInString(text); n > MaxTextLength {
		return invalid(field, fmt.Sprintf("is %d characters long; keep it under %d", n, MaxTextLength))
	}
	return nil
}

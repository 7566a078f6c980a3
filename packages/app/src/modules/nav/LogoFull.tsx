import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 30 },
  mark: { fill: '#7df3e1' },
  text: { fill: '#ffffff', fontFamily: 'Helvetica, Arial, sans-serif' },
});

/** The Wayfarer wordmark: a compass rose and the company name. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 560 120"
      role="img"
      aria-label="Wayfarer Developer Portal"
    >
      <path
        className={classes.mark}
        d="M60 4 L74 46 L116 60 L74 74 L60 116 L46 74 L4 60 L46 46 Z"
      />
      <text
        className={classes.text}
        x="132"
        y="78"
        fontSize="64"
        fontWeight="700"
      >
        Wayfarer
      </text>
    </svg>
  );
};

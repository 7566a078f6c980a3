import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
  mark: { fill: '#7df3e1' },
});

/** The compass rose of the Wayfarer wordmark, for the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 120 120"
      role="img"
      aria-label="Wayfarer"
    >
      <path
        className={classes.mark}
        d="M60 4 L74 46 L116 60 L74 74 L60 116 L46 74 L4 60 L46 46 Z"
      />
    </svg>
  );
};
